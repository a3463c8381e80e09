using System.Data.Common;

namespace Tocsin.Storage.Sql;

/// <summary>
/// The write connection's statements that answer nothing (label and timeline rows, alert updates, escalation state,
/// outbox rows). On a database server each statement is a network round trip the single writer waits for, so there they
/// queue and go in the same batch as the next statement that must answer (<see cref="ReadAsync"/>), or on their own
/// when something else needs them sent (<see cref="FlushAsync"/>). On SQLite, where a statement costs no round trip,
/// they run at once.
/// </summary>
/// <remarks>
/// A queued write that the database rejects fails the statement it was sent with, possibly in a later command of the
/// batch; the alert writer then runs the batch again with a savepoint per command and a flush at the end of each, where
/// it fails its own command. Used only by the single alert writer, so it needs no locking.
/// </remarks>
internal sealed class DeferredWrites(DbConnection connection, bool defer)
{
    private readonly DbBatch? _batch = defer ? connection.CreateBatch() : null;
    private readonly List<DbBatchCommand> _queued = [];

    public DbTransaction? Transaction { get; set; }

    /// <summary>Runs <paramref name="cmd"/> now, or queues a copy of its text and current parameter values.</summary>
    public async ValueTask ExecuteAsync(DbCommand cmd, CancellationToken ct)
    {
        if (_batch is null)
        {
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }
        _queued.Add(Copy(_batch, cmd));
    }

    /// <summary>
    /// Runs <paramref name="queries"/> (one statement each), after what is queued, in one round trip. The reader starts
    /// at the first query's result: the queued writes return none.
    /// </summary>
    public async ValueTask<DbDataReader> ReadAsync(CancellationToken ct, params DbCommand[] queries)
    {
        if (_batch is null || (_queued.Count == 0 && queries.Length == 1))
            return await queries[0].ExecuteReaderAsync(ct).ConfigureAwait(false);
        Load(queries);
        return await _batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Sends what is queued, in order, in one round trip.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_batch is null || _queued.Count == 0) return;
        Load([]);
        await _batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Drops what is queued: the transaction or savepoint it belonged to is being rolled back.</summary>
    public void Discard() => _queued.Clear();

    // The batch is reused: the previous reader is closed by the time the single writer sends again.
    private void Load(DbCommand[] queries)
    {
        var batch = _batch!;
        batch.BatchCommands.Clear();
        foreach (var queued in _queued) batch.BatchCommands.Add(queued);
        _queued.Clear();
        foreach (var query in queries) batch.BatchCommands.Add(Copy(batch, query));
        batch.Transaction = Transaction;
    }

    private static DbBatchCommand Copy(DbBatch batch, DbCommand cmd)
    {
        var copy = batch.CreateBatchCommand();
        copy.CommandText = cmd.CommandText;
        foreach (DbParameter p in cmd.Parameters)
        {
            var value = copy.CreateParameter();
            value.ParameterName = p.ParameterName;
            value.Value = p.Value;
            copy.Parameters.Add(value);
        }
        return copy;
    }
}
