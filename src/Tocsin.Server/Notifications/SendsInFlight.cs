namespace Tocsin.Server.Notifications;

/// <summary>
/// The delivery batches handed to the senders and not yet recorded: how many rows they hold (claiming waits while that
/// is at the limit, so claimed rows are sent long before their lease ends), until when they are leased, and a way to
/// wait until they are recorded.
/// </summary>
internal sealed class SendsInFlight(int maxRows)
{
    private sealed record Batch(int Rows, DateTimeOffset LeaseUntil, TaskCompletionSource Done);

    private readonly object _gate = new();
    private readonly List<Batch> _batches = [];
    private int _rows;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Tracks <paramref name="send"/> (which logs its own failures) until it completes.</summary>
    public void Add(Task send, int rows, DateTimeOffset leaseUntil)
    {
        var batch = new Batch(rows, leaseUntil, NewSignal());
        lock (_gate)
        {
            _batches.Add(batch);
            _rows += rows;
        }
        _ = FinishAsync(batch, send);
    }

    // The batch leaves the set before its Done completes, so whoever awaited it never finds it still listed.
    private async Task FinishAsync(Batch batch, Task send)
    {
        try { await send.ConfigureAwait(false); }
        catch (Exception) { /* the send logged it; its rows stay leased */ }
        TaskCompletionSource changed;
        lock (_gate)
        {
            _batches.Remove(batch);
            _rows -= batch.Rows;
            changed = _changed;
            _changed = NewSignal();
        }
        batch.Done.TrySetResult();
        changed.TrySetResult();
    }

    public async Task WaitForRoomAsync(CancellationToken ct)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_rows < maxRows) return;
                changed = _changed.Task;
            }
            await changed.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes when every batch whose lease ended by <paramref name="now"/> is recorded: its rows are claimable again,
    /// but this process is still sending them, and claiming them now would send them twice. Sends end long before their
    /// lease on a steady clock; this is for a clock that jumped, or a send stalled past the lease.
    /// </summary>
    public Task LeaseEndedAsync(DateTimeOffset now)
    {
        lock (_gate) return Task.WhenAll(_batches.Where(b => b.LeaseUntil <= now).Select(b => b.Done.Task).ToArray());
    }

    /// <summary>Completes when every batch added so far is recorded.</summary>
    public Task DrainAsync()
    {
        lock (_gate) return Task.WhenAll(_batches.Select(b => b.Done.Task).ToArray());
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
