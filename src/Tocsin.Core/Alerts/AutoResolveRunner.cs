using System.Globalization;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.Alerts;

/// <summary>An auto-resolve timer that came due and is now leased to this worker.</summary>
public readonly record struct DueAutoResolve(Guid TenantId, long AlertId, DateTimeOffset DueAt);

/// <summary>Auto-resolve timers ("timers are data"): rows with a due time, written by the alert write path.</summary>
public interface IAutoResolveStore
{
    /// <summary>
    /// Leases up to <paramref name="limit"/> rows due at <paramref name="now"/> and not leased by anyone else until
    /// <paramref name="leaseUntil"/>; a worker that dies mid-pass lets its lease lapse and another pass takes the rows over.
    /// </summary>
    Task<IReadOnlyList<DueAutoResolve>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct);
}

/// <summary>
/// One pass of auto-resolve (#3): an alert of a source with an auto-resolve timeout that received no new event for that
/// long is resolved by "system". Each alert is one command on the <see cref="AlertWriter"/>, which re-reads the timer row:
/// an event that arrived after the claim moved the due time on (nothing happens), an alert closed meanwhile only loses its row.
/// </summary>
public sealed class AutoResolveRunner(IAutoResolveStore store, AlertWriter writer, TimeProvider time, AlertEscalation? escalation = null)
{
    public const int BatchSize = 1_000;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    // Passes never overlap (the timer's and a test's): a pass that returns has seen every timer due when it started resolved,
    // by itself or by the pass it waited for.
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>Resolves every alert whose timer is due now; returns how many this pass resolved.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try { return await RunPassAsync(ct); }
        finally { _pass.Release(); }
    }

    private async Task<int> RunPassAsync(CancellationToken ct)
    {
        var resolved = 0;
        while (true)
        {
            var now = time.GetUtcNow();
            var due = await store.ClaimDueAsync(now, now + Lease, BatchSize, ct);
            if (due.Count == 0) return resolved;
            var tasks = due.Select(d => writer.ExecuteAsync(w => ResolveAsync(w, d, ct), ct)).ToArray();
            // One failing alert must not hold back the others; its lease lapses and a later pass retries it.
            try { await Task.WhenAll(tasks); }
            catch (Exception) when (!ct.IsCancellationRequested) { }
            resolved += tasks.Count(t => t.IsCompletedSuccessfully && t.Result);
            if (due.Count < BatchSize) return resolved;
        }
    }

    private async ValueTask<bool> ResolveAsync(WriteContext w, DueAutoResolve due, CancellationToken ct)
    {
        var timers = w.Session.Escalations;
        if (await timers.GetAutoResolveAsync(due.TenantId, due.AlertId, ct) is not { } at || at > w.Now) return false;
        await timers.ClearAutoResolveAsync(due.TenantId, due.AlertId, ct);
        var alert = await w.Session.GetAsync(due.TenantId, due.AlertId, ct);
        if (alert is null) return false;
        var quiet = (w.Now - alert.LastSeenAt).TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
        var (_, entry) = alert.Apply(AlertAction.Resolve, Actor.System, w.Now, $"auto-resolved, no new event for {quiet} min");
        if (entry is null) return false; // resolved or archived meanwhile
        await w.Session.UpdateAsync(alert, ct);
        await EscalationTimeline.AppendAsync(w, alert, entry with { Vars = WithReason(entry.Vars) }, ct);
        if (escalation is not null) await escalation.OnTransitionAsync(w, alert, AlertAction.Resolve, ct);
        return true;
    }

    private static Dictionary<string, string> WithReason(IReadOnlyDictionary<string, string>? vars) =>
        new(vars ?? new Dictionary<string, string>()) { ["reason"] = "auto_resolve" };
}
