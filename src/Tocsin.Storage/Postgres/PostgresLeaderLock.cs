using System.Data;
using System.Data.Common;
using Npgsql;

namespace Tocsin.Storage.Postgres;

/// <summary>
/// A session-level advisory lock held on a dedicated connection. If this process dies (even by kill -9) the server
/// drops its connection and with it the lock, so another node's next attempt succeeds: failover without a lease to wait out.
/// </summary>
internal sealed class PostgresLeaderLock(Database db, long key) : ILeaderLock
{
    private DbConnection? _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async ValueTask<bool> TryHoldAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_connection is { State: ConnectionState.Open } held && await StillAliveAsync(held, ct).ConfigureAwait(false)) return true;
            await DropAsync().ConfigureAwait(false);
            var connection = await db.OpenAsync(ct).ConfigureAwait(false);
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = $"SELECT pg_try_advisory_lock({key})";
            if (await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false) is true)
            {
                _connection = connection;
                return true;
            }
            await connection.DisposeAsync().ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    // A round trip proves the session (and so the lock) still exists; a broken connection means the lock is gone.
    private static async Task<bool> StillAliveAsync(DbConnection connection, CancellationToken ct)
    {
        try
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT 1";
            await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            return false;
        }
    }

    private async ValueTask DropAsync()
    {
        if (_connection is null) return;
        try { await _connection.DisposeAsync().ConfigureAwait(false); }
        catch (NpgsqlException) { /* already broken */ }
        _connection = null;
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync().ConfigureAwait(false); // closing the session releases the lock
        _gate.Dispose();
    }
}
