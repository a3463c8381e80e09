using System.Data.Common;

namespace Tocsin.Storage.Sql;

/// <summary>
/// The write connection's statements that answer nothing (label and timeline rows, alert updates, escalation state,
/// outbox rows). On a database server each statement is a network round trip the single writer waits for, so there they
/// queue and go as one batch just before the next statement that must answer, and at the end of every command
/// (<see cref="FlushAsync"/>), so a failing write still fails inside the command that made it. On SQLite, where a
/// statement costs no round trip, they run at once.
/// </summary>
/// <remarks>Used only by the single alert writer, so it needs no locking.</remarks>
internal sealed class DeferredWrites(DbConnection connection, bool defer)
{
    private readonly DbBatch? _batch = defer ? connection.CreateBatch() : null;

    public DbTransaction? Transaction { get; set; }

    /// <summary>Runs <paramref name="cmd"/> now, or queues a copy of its text and current parameter values.</summary>
    public async ValueTask ExecuteAsync(DbCommand cmd, CancellationToken ct)
    {
        if (_batch is null)
        {
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return;
        }
        var queued = _batch.CreateBatchCommand();
        queued.CommandText = cmd.CommandText;
        foreach (DbParameter p in cmd.Parameters)
        {
            var copy = queued.CreateParameter();
            copy.ParameterName = p.ParameterName;
            copy.Value = p.Value;
            queued.Parameters.Add(copy);
        }
        _batch.BatchCommands.Add(queued);
    }

    /// <summary>Sends what is queued, in order, in one round trip.</summary>
    public async ValueTask FlushAsync(CancellationToken ct)
    {
        if (_batch is not { BatchCommands.Count: > 0 }) return;
        _batch.Transaction = Transaction;
        try
        {
            await _batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _batch.BatchCommands.Clear();
        }
    }

    /// <summary>Drops what is queued: the transaction or savepoint it belonged to is being rolled back.</summary>
    public void Discard() => _batch?.BatchCommands.Clear();
}
