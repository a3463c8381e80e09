using System.Collections.Concurrent;
using Tocsin.Core.Alerts;

namespace Tocsin.Core.Escalation;

/// <summary>
/// One pass of the escalation worker: finds the steps due now and runs each as its own command on the
/// <see cref="AlertWriter"/> (one savepoint each, group-committed), so writes stay serialized with the API's.
/// Each command re-reads the escalation row and the alert inside the transaction: a step whose row already moved on
/// (run by an earlier pass, or stopped by an acknowledgement meanwhile) is a no-op, so a step never runs twice.
/// </summary>
/// <remarks>
/// The worker's passes (<see cref="DispatchAsync"/>) hand their steps to the writer and return without waiting for the
/// commit, so an alert triggered meanwhile is picked up by the next pass at once; a step still on its way to the writer
/// is skipped by later passes. <see cref="RunOnceAsync"/> waits for every step in flight, before its pass and after it.
/// </remarks>
public sealed class EscalationRunner(IEscalationStore store, AlertWriter writer, EscalationDirectoryLoader directories, TimeProvider time)
{
    public const int BatchSize = 2_000;

    // Passes never overlap (the timer's, a wake-up's, a test's): on PostgreSQL a claim skips rows locked by a claim in
    // flight, so an overlapping pass of the same node would come back without steps its sibling was taking.
    private readonly SemaphoreSlim _pass = new(1, 1);
    // Steps handed to the writer and not committed yet, by alert id.
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    /// <summary>Runs every step due now and waits until each is committed; returns how many due rows were processed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await DrainAsync();
        var processed = await DispatchAsync(ct);
        await DrainAsync();
        return processed;
    }

    /// <summary>Hands every step due now to the writer; returns how many due rows were processed.</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try { return await RunPassAsync(ct); }
        finally { _pass.Release(); }
    }

    /// <summary>Completes when every step handed to the writer so far is committed (or failed).</summary>
    public Task DrainAsync() => Task.WhenAll(_inFlight.Values);

    private async Task<int> RunPassAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var directoryByTenant = new Dictionary<Guid, EscalationDirectory>();
        var processed = 0;
        long after = 0;
        while (true)
        {
            var due = await store.DueAsync(now, after, BatchSize, ct);
            if (due.Count == 0) break;
            foreach (var d in due)
            {
                if (_inFlight.ContainsKey(d.AlertId)) continue;
                if (!directoryByTenant.TryGetValue(d.TenantId, out var directory))
                    directoryByTenant[d.TenantId] = directory = await directories.LoadAsync(d.TenantId, ct);
                Track(d.AlertId, writer.ExecuteAsync(w => RunStepAsync(w, d, directory, ct), ct));
            }
            processed += due.Count;
            after = due[^1].AlertId;
            if (due.Count < BatchSize) break;
        }
        return processed;
    }

    private void Track(long alertId, Task<bool> step)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _inFlight[alertId] = done.Task;
        _ = SettleAsync(alertId, step, done);
    }

    // The step leaves the in-flight set before its task completes: a pass that waited for it must find it gone, or it
    // would skip the alert's next step as still in flight. One failing step (say, a corrupt snapshot) must not hold back
    // the others; it stays due and is retried next tick.
    private async Task SettleAsync(long alertId, Task step, TaskCompletionSource done)
    {
        try { await step; }
        catch (Exception) { }
        _inFlight.TryRemove(new KeyValuePair<long, Task>(alertId, done.Task));
        done.SetResult();
    }

    private static async ValueTask<bool> RunStepAsync(WriteContext w, DueEscalation due, EscalationDirectory directory, CancellationToken ct)
    {
        var state = await w.Session.Escalations.GetAsync(due.TenantId, due.AlertId, ct);
        if (state is null || state.Stopped || state.NextDueAt is not { } at || at > w.Now) return false;
        var alert = await w.Session.GetAsync(due.TenantId, due.AlertId, ct);
        if (alert is null) return false;
        var step = EscalationEngine.OnDue(state, AlertEscalation.StateOf(alert.Status), w.Now);
        await AlertEscalation.ApplyStepAsync(w, alert, step, directory, ct);
        return true;
    }
}
