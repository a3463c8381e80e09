namespace Tocsin.Server.Notifications;

/// <summary>
/// The delivery batches handed to the senders and not yet recorded: how many rows they hold (claiming waits while that
/// is at the limit, so claimed rows are sent long before their lease ends) and a way to wait until all are recorded.
/// </summary>
internal sealed class SendsInFlight(int maxRows)
{
    private readonly object _gate = new();
    private readonly HashSet<Task> _tasks = [];
    private int _rows;
    private TaskCompletionSource _changed = NewSignal();

    public void Add(Task batch, int rows)
    {
        lock (_gate)
        {
            _tasks.Add(batch);
            _rows += rows;
        }
        _ = batch.ContinueWith(_ => Remove(batch, rows), TaskScheduler.Default);
    }

    private void Remove(Task batch, int rows)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _tasks.Remove(batch);
            _rows -= rows;
            changed = _changed;
            _changed = NewSignal();
        }
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

    /// <summary>Completes when every batch added so far is recorded (batches never throw: they log their own failures).</summary>
    public Task DrainAsync()
    {
        lock (_gate) return _tasks.Count == 0 ? Task.CompletedTask : Task.WhenAll(_tasks.ToArray());
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
