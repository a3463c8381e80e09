using System.Collections.Immutable;

namespace Tocsin.Core.Notifications;

/// <summary>Whom a storm limit applies to: one user on one channel (a shared channel may use its own id).</summary>
public readonly record struct StormKey(long UserId, ChannelKind Channel);

public enum StormDecision
{
    /// <summary>Deliver this notification now.</summary>
    Send,
    /// <summary>Do not deliver it; it is counted into the digest due at <see cref="StormWindow.DigestDueAt"/>.</summary>
    Coalesce,
}

/// <summary>Limiter state for one <see cref="StormKey"/>. Immutable, so a worker can keep it in memory or persist it.</summary>
/// <param name="Sent">Send times still inside the sliding window, oldest first.</param>
/// <param name="CoalescingSince">When the first notification of the pending digest was held back.</param>
public sealed record StormWindow(
    ImmutableArray<DateTimeOffset> Sent,
    int Coalesced,
    DateTimeOffset? CoalescingSince,
    ImmutableArray<long> CoalescedAlertIds)
{
    public static readonly StormWindow Empty = new([], 0, null, []);

    /// <summary>Set while a digest is pending.</summary>
    public DateTimeOffset? DigestDueAt { get; init; }

    public bool IsIdle => Sent.IsEmpty && Coalesced == 0;
}

/// <summary>A summary of coalesced notifications, delivered as one <see cref="NotificationEvent.Digest"/> message.</summary>
/// <param name="AlertIds">Up to <see cref="StormGuardOptions.DigestSampleSize"/> of the coalesced alerts, in arrival order.</param>
public sealed record StormDigest(int Count, ImmutableArray<long> AlertIds, DateTimeOffset From, DateTimeOffset To)
{
    public string Text => Count == 1 ? "1 more alert" : $"{Count} more alerts";
}

/// <summary>
/// Sliding-window limiter: at most <see cref="StormGuardOptions.MaxPerWindow"/> notifications per window per key; the
/// excess is coalesced, and one window after the first held-back notification <see cref="Close"/> yields a digest
/// ("12 more alerts"). Pure functions of (state, now), so the outbox worker decides persistence and locking (#4).
/// </summary>
public sealed class StormGuard(StormGuardOptions options)
{
    public bool Enabled => options.Enabled;

    public (StormDecision Decision, StormWindow State) Offer(StormWindow state, long? alertId, DateTimeOffset now)
    {
        var sent = Prune(state.Sent, now);
        // While a digest is pending, later notifications join it even if a slot freed up, so the recipient sees
        // one contiguous burst summarised instead of a digest interleaved with stragglers.
        if (state.Coalesced == 0 && sent.Length < options.MaxPerWindow)
            return (StormDecision.Send, state with { Sent = sent.Add(now) });

        var since = state.CoalescingSince ?? now;
        var ids = alertId is { } id && state.CoalescedAlertIds.Length < options.DigestSampleSize
            ? state.CoalescedAlertIds.Add(id)
            : state.CoalescedAlertIds;
        return (StormDecision.Coalesce, state with
        {
            Sent = sent,
            Coalesced = state.Coalesced + 1,
            CoalescingSince = since,
            CoalescedAlertIds = ids,
            DigestDueAt = since + options.Window,
        });
    }

    /// <summary>Emits the pending digest once its window has closed; the digest itself takes a slot in the window.</summary>
    public (StormDigest? Digest, StormWindow State) Close(StormWindow state, DateTimeOffset now)
    {
        var sent = Prune(state.Sent, now);
        if (state.Coalesced == 0 || state.DigestDueAt is not { } due || now < due)
            return (null, state with { Sent = sent });

        var digest = new StormDigest(state.Coalesced, state.CoalescedAlertIds, state.CoalescingSince!.Value, now);
        return (digest, StormWindow.Empty with { Sent = sent.Add(now) });
    }

    private ImmutableArray<DateTimeOffset> Prune(ImmutableArray<DateTimeOffset> sent, DateTimeOffset now)
    {
        var cutoff = now - options.Window;
        var keepFrom = 0;
        while (keepFrom < sent.Length && sent[keepFrom] <= cutoff) keepFrom++;
        return keepFrom == 0 ? sent : sent.RemoveRange(0, keepFrom);
    }
}

/// <summary>
/// In-memory <see cref="StormWindow"/> per key for a single node. Thread-safe; forgets idle keys on <see cref="CloseDue"/>
/// so memory follows the number of recently notified recipients, not all users ever seen.
/// </summary>
public sealed class StormGuardTable(StormGuard guard)
{
    private readonly Dictionary<StormKey, StormWindow> _windows = [];
    private readonly Lock _gate = new();

    public StormDecision Offer(StormKey key, long? alertId, DateTimeOffset now)
    {
        if (!guard.Enabled) return StormDecision.Send;
        lock (_gate)
        {
            var (decision, state) = guard.Offer(_windows.GetValueOrDefault(key) ?? StormWindow.Empty, alertId, now);
            _windows[key] = state;
            return decision;
        }
    }

    /// <summary>Digests whose window has closed by <paramref name="now"/>; call once per worker tick.</summary>
    public IReadOnlyList<(StormKey Key, StormDigest Digest)> CloseDue(DateTimeOffset now)
    {
        var digests = new List<(StormKey, StormDigest)>();
        lock (_gate)
        {
            foreach (var (key, window) in _windows.ToArray())
            {
                var (digest, state) = guard.Close(window, now);
                if (digest is not null) digests.Add((key, digest));
                if (state.IsIdle) _windows.Remove(key);
                else _windows[key] = state;
            }
        }
        return digests;
    }
}
