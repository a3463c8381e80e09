using System.Threading.Channels;

namespace Tocsin.Core.Alerts;

/// <summary>
/// The single write path for alerts. Callers enqueue commands; one loop drains whatever is waiting, runs it in one
/// transaction and commits once (group commit); a command that throws is undone alone (the batch runs again with a
/// savepoint per command). A caller's task completes only after the commit, so a 2xx is never sent for data that is
/// not durable.
/// </summary>
public sealed class AlertWriter : IAsyncDisposable
{
    /// <summary>Upper bound of commands per transaction; keeps one transaction's latency bounded under load.</summary>
    public const int MaxBatch = 512;

    private readonly IAlertStore _store;
    private readonly TimeProvider _time;
    private readonly Channel<WorkItem> _queue = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<IAlertCommitListener> _listeners;
    private readonly List<IOutboxCommitListener> _outboxListeners;

    public AlertWriter(IAlertStore store, TimeProvider time, IEnumerable<IAlertCommitListener> listeners, IEnumerable<IOutboxCommitListener>? outboxListeners = null)
    {
        _store = store;
        _time = time;
        _listeners = listeners.ToList();
        _outboxListeners = outboxListeners?.ToList() ?? [];
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Bounds the distinct dedup keys one transaction locks (a command that declares more still runs, alone). On PostgreSQL each
    /// key's lock holds an entry of the server's shared lock table until commit: max_locks_per_transaction (64) times
    /// max_connections (100) entries by default, for all sessions together. Seven requests of 1,000 events in one batch
    /// overflowed it ("out of shared memory") and every caller in the batch got a 500. Commands past the bound go in the
    /// next transaction; the bound is one full request, so a commit still carries a thousand events.
    /// </summary>
    public const int MaxKeysPerBatch = 1_000;

    /// <summary>
    /// Runs <paramref name="command"/> inside the next batch; completes after commit. <paramref name="keys"/> are the
    /// dedup keys it will look up, locked with the batch's others before any command runs.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<WriteContext, ValueTask<T>> command, CancellationToken ct, IReadOnlyCollection<DedupKeyLock>? keys = null)
    {
        var item = new WorkItem<T>(command, keys ?? []);
        await _queue.Writer.WriteAsync(item, ct).ConfigureAwait(false);
        return await item.Task.WaitAsync(ct).ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var batch = new List<WorkItem>(MaxBatch);
        var keys = new HashSet<DedupKeyLock>(); // distinct: a key locked twice in a transaction holds one lock
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                batch.Clear();
                keys.Clear();
                while (batch.Count < MaxBatch && reader.TryPeek(out var next)
                       && (batch.Count == 0 || keys.Count + next.Keys.Count(k => !keys.Contains(k)) <= MaxKeysPerBatch)
                       && reader.TryRead(out var item))
                {
                    batch.Add(item);
                    keys.UnionWith(item.Keys);
                }
                // Commands that lost a race with another node run again in a batch of their own, after this one's
                // commit has released its locks (re-running them inside the same transaction could deadlock again).
                var retry = await RunBatchAsync(batch).ConfigureAwait(false);
                while (retry.Count > 0) retry = await RunBatchAsync(retry).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested) { }
        while (reader.TryRead(out var left)) left.Fail(new ObjectDisposedException(nameof(AlertWriter)));
    }

    /// <summary>Times a command is tried when another node's transaction keeps getting in its way.</summary>
    private const int MaxAttempts = 5;

    // Savepoints keep a command that throws from undoing its neighbours, but cost two statements per command (two round
    // trips on PostgreSQL) though commands rarely throw. So a batch runs without them first; if a command throws, that
    // transaction is rolled back whole and the batch runs again with a savepoint per command, where it fails alone.
    // Throws come in runs (nodes contending for the same hot keys, where each wasted attempt may have waited out
    // PostgreSQL's deadlock timeout), so after one the next batches go straight to savepoints for a while.
    private async Task<List<WorkItem>> RunBatchAsync(List<WorkItem> batch)
    {
        if (_isolatedBatchesLeft > 0)
        {
            _isolatedBatchesLeft--;
            return (await RunBatchAsync(batch, isolate: true).ConfigureAwait(false))!;
        }
        if (await RunBatchAsync(batch, isolate: false).ConfigureAwait(false) is { } retry) return retry;
        _isolatedBatchesLeft = IsolatedBatchesAfterThrow;
        return (await RunBatchAsync(batch, isolate: true).ConfigureAwait(false))!;
    }

    private const int IsolatedBatchesAfterThrow = 100;
    private int _isolatedBatchesLeft; // the writer loop is the only reader and writer

    /// <summary>
    /// Runs and commits the batch; returns the commands to run again in a batch of their own, or null when a command of
    /// an unisolated batch of several threw (nothing was committed, nothing completed).
    /// </summary>
    private async Task<List<WorkItem>?> RunBatchAsync(List<WorkItem> batch, bool isolate)
    {
        var retry = new List<WorkItem>();
        var ct = CancellationToken.None; // a started batch finishes; cancelling midway would waste the work of every caller in it
        var now = _time.GetUtcNow();
        var changes = new List<AlertChange>();
        var outboxWritten = false;
        IAlertWriteSession? opened = null;
        try
        {
            await using var session = await _store.BeginWriteAsync(ct).ConfigureAwait(false);
            opened = session;
            var keys = batch.SelectMany(i => i.Keys).ToList();
            if (keys.Count > 0) await session.LockKeysAsync(keys, ct).ConfigureAwait(false);
            var context = new WriteContext(session, now, changes);
            var anyRan = false;
            foreach (var item in batch)
            {
                var mark = changes.Count;
                if (isolate) await session.SavepointAsync(ct).ConfigureAwait(false);
                try
                {
                    await item.RunAsync(context).ConfigureAwait(false);
                    // Unisolated, a command's queued writes go with the next command's first statement; if the database
                    // rejects them there, the batch runs again isolated, where each command sends its own.
                    if (isolate || batch.Count == 1) await session.EndCommandAsync(ct).ConfigureAwait(false);
                    if (isolate) await session.ReleaseSavepointAsync(ct).ConfigureAwait(false);
                    anyRan = true;
                }
                catch (Exception e)
                {
                    // Disposing the session rolls the whole batch back.
                    if (!isolate && batch.Count > 1) return null;
                    if (isolate) await session.RollbackToSavepointAsync(ct).ConfigureAwait(false);
                    changes.RemoveRange(mark, changes.Count - mark);
                    if (session.IsTransientConflict(e) && ++item.Attempts < MaxAttempts) retry.Add(item);
                    else item.Fail(e);
                }
            }
            if (!isolate && batch.Count > 1)
            {
                try { await session.EndCommandAsync(ct).ConfigureAwait(false); }
                catch { return null; } // the last command's queued writes were rejected: nothing was committed
            }
            outboxWritten = anyRan && session.Escalations.OutboxWritten;
            // Nothing to keep (the lone command failed): disposing the session rolls its partial writes back.
            if (anyRan) await session.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing was committed. Losing a race for locks or at commit is worth another try; anything else fails the batch.
            var transient = opened?.IsTransientConflict(e) == true;
            retry.Clear();
            foreach (var item in batch.Where(i => !i.Answered))
                if (transient && ++item.Attempts < MaxAttempts) retry.Add(item);
                else item.Fail(e);
            return retry;
        }
        // Listeners first: by the time a caller has its answer, streams and workers have been told of the commit.
        foreach (var listener in _listeners)
        {
            try { listener.OnCommitted(changes); }
            catch { /* a listener (e.g. a live stream) must never undo or delay a commit */ }
        }
        if (outboxWritten)
            foreach (var listener in _outboxListeners) listener.OnOutboxCommitted();
        foreach (var item in batch) item.Complete(); // no-op for items that failed or wait for a retry
        return retry;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private abstract class WorkItem(IReadOnlyCollection<DedupKeyLock> keys)
    {
        public IReadOnlyCollection<DedupKeyLock> Keys { get; } = keys;
        public int Attempts { get; set; }
        public abstract ValueTask RunAsync(WriteContext context);
        /// <summary>The caller has its answer (a command that failed alone): it must not run again.</summary>
        public abstract bool Answered { get; }
        public abstract void Complete();
        public abstract void Fail(Exception e);
    }

    private sealed class WorkItem<T>(Func<WriteContext, ValueTask<T>> command, IReadOnlyCollection<DedupKeyLock> keys) : WorkItem(keys)
    {
        private readonly TaskCompletionSource<T> _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private bool _ran;

        public Task<T> Task => _tcs.Task;

        public override async ValueTask RunAsync(WriteContext context)
        {
            _ran = false;
            _result = await command(context).ConfigureAwait(false);
            _ran = true;
        }

        public override bool Answered => _tcs.Task.IsCompleted;

        public override void Complete()
        {
            if (_ran) _tcs.TrySetResult(_result!);
        }

        public override void Fail(Exception e) => _tcs.TrySetException(e);
    }
}

/// <summary>What a write command gets: the open session, the batch's clock reading, and a place to report changes.</summary>
public sealed class WriteContext(IAlertWriteSession session, DateTimeOffset now, List<AlertChange> changes)
{
    public IAlertWriteSession Session { get; } = session;
    public DateTimeOffset Now { get; } = now;
    public void Changed(Alert alert, TimelineEntry entry) => changes.Add(new AlertChange(alert, entry));
}

public sealed record AlertChange(Alert Alert, TimelineEntry Entry);

/// <summary>Told about changes after they are committed (live streams, wake-ups of workers).</summary>
public interface IAlertCommitListener
{
    void OnCommitted(IReadOnlyList<AlertChange> changes);
}

/// <summary>
/// Told after a commit that wrote notification outbox rows. Most commits (a repeat of an open alert, an event with
/// nobody to page) write none, and waking the delivery worker for them made it claim (a write) after every batch.
/// </summary>
public interface IOutboxCommitListener
{
    void OnOutboxCommitted();
}
