using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.Notifications;

/// <summary>An unresolved alert whose source asks for re-notification and whose current period has not been notified yet.</summary>
/// <param name="Slot">Periods since the alert was created; period n re-notifies once (its idempotency keys carry n).</param>
public sealed record DueRenotify(Guid TenantId, long AlertId, long Slot, TimeSpan Every, IReadOnlyList<long> UserIds);

/// <summary>Finds alerts due for re-notification. "Timers are data": due-ness is derived from the alert, its source and the outbox.</summary>
public interface IRenotifyStore
{
    Task<IReadOnlyList<DueRenotify>> DueAsync(DateTimeOffset now, int limit, CancellationToken ct);
}

/// <summary>
/// One pass of re-notification (#4): for each unresolved alert of a source with <c>renotifyMinutes</c>, the people paged
/// last are told again once per period, through the outbox in the same writer command as a timeline entry. Alerts of
/// a source in a maintenance window are skipped (paging suppressed), and an alert that closed meanwhile is a no-op.
/// </summary>
public sealed class RenotifyRunner(IRenotifyStore store, AlertWriter writer, TimeProvider time)
{
    public const int BatchSize = 1_000;
    public const string TimelineType = "renotified";

    // Passes never overlap (the timer's and a test's), so a period is found due by one pass only and timelined once.
    private readonly SemaphoreSlim _pass = new(1, 1);

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try { return await RunPassAsync(ct); }
        finally { _pass.Release(); }
    }

    private async Task<int> RunPassAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await store.DueAsync(now, BatchSize, ct);
        var tasks = due.Select(d => writer.ExecuteAsync(w => RenotifyAsync(w, d, ct), ct)).ToArray();
        // One failing alert must not hold back the others; it stays due and is retried next tick.
        try { await Task.WhenAll(tasks); }
        catch (Exception) when (!ct.IsCancellationRequested) { }
        return tasks.Count(t => t.IsCompletedSuccessfully && t.Result);
    }

    private static async ValueTask<bool> RenotifyAsync(WriteContext w, DueRenotify due, CancellationToken ct)
    {
        var alert = await w.Session.GetAsync(due.TenantId, due.AlertId, ct);
        if (alert is null || alert.Status is not (AlertStatus.Triggered or AlertStatus.Acknowledged)) return false;
        if (alert.SourceId is { } source && await w.Session.Escalations.InMaintenanceAsync(due.TenantId, source, w.Now, ct)) return false;
        foreach (var user in due.UserIds)
            await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, user, NotificationEvents.Renotify,
                $"renotify:{alert.Id}:{due.Slot}:{user}", w.Now, null, null), w.Now, ct);
        var minutes = due.Every.TotalMinutes.ToString("0", CultureInfo.InvariantCulture);
        await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, TimelineType, w.Now, Actor.System,
            $"Re-notified {due.UserIds.Count} people: unresolved, source re-notifies every {minutes} min",
            new Dictionary<string, string> { ["users"] = string.Join(',', due.UserIds), ["period"] = due.Slot.ToString(CultureInfo.InvariantCulture) }), ct);
        return true;
    }
}
