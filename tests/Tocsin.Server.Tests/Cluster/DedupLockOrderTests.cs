#if TOCSIN_POSTGRES
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tocsin.Core.Alerts;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Cluster;

/// <summary>
/// Nodes sharing a database lock each dedup key they look up until commit. A batch takes the locks of the keys its
/// commands declare before any of them runs, lowest lock id first, so two nodes' batches with keys in common wait for
/// each other instead of deadlocking (which cost PostgreSQL's deadlock timeout, a second, and a re-run). Only in the
/// PostgreSQL assembly: on SQLite one writer owns the database and takes no locks.
/// </summary>
public sealed class DedupLockOrderTests
{
    [Fact]
    public async Task TwoNodes_SameKeysInOppositeOrder_NoDeadlock_EachCommandRunsOnce()
    {
        await using var a = await TocsinApp.StartAsync();
        await using var b = await TocsinApp.StartAsync(dataDir: a.DataDir); // the same schema: a second node
        var tenant = await a.DefaultTenantAsync();
        var (low, high) = await ByLockIdAsync(tenant, "disk/1", "disk/2");
        var writerA = a.Services.GetRequiredService<AlertWriter>();
        var writerB = b.Services.GetRequiredService<AlertWriter>();
        int runsA = 0, runsB = 0;
        var aHoldsLow = new TaskCompletionSource();
        var goOn = new TaskCompletionSource();

        // A declares nothing and locks each key as it looks it up: the low one now, the high one once B is waiting.
        var commandA = writerA.ExecuteAsync(async w =>
        {
            runsA++;
            await w.Session.FindOpenAsync(tenant, new OpenAlertMatch(low.Key), 1, default);
            aHoldsLow.TrySetResult();
            await goOn.Task;
            await w.Session.FindOpenAsync(tenant, new OpenAlertMatch(high.Key), 1, default);
            return true;
        }, default);
        await aHoldsLow.Task;
        // B looks the keys up in the opposite order. Locking as it went, it would hold the high key while waiting for
        // the low one, and A's second lookup would close the cycle.
        var commandB = writerB.ExecuteAsync(async w =>
        {
            runsB++;
            await w.Session.FindOpenAsync(tenant, new OpenAlertMatch(high.Key), 1, default);
            await w.Session.FindOpenAsync(tenant, new OpenAlertMatch(low.Key), 1, default);
            return true;
        }, default, [new DedupKeyLock(tenant, high.Key), new DedupKeyLock(tenant, low.Key)]);
        await WaitUntilSomeoneWaitsForAsync(low.LockId);
        goOn.SetResult();

        (await commandA).ShouldBeTrue();
        (await commandB).ShouldBeTrue();
        runsA.ShouldBe(1, "A was not a deadlock's victim");
        runsB.ShouldBe(1, "B was not a deadlock's victim");
    }

    private sealed record KeyAndLock(string Key, long LockId);

    /// <summary>The two keys ordered by the id of their lock (the writer's lock name is "tenant|key|dedup key").</summary>
    private static async Task<(KeyAndLock Low, KeyAndLock High)> ByLockIdAsync(Guid tenant, string x, string y)
    {
        await using var c = new NpgsqlConnection(TestDatabase.PostgresConnection);
        await c.OpenAsync();
        async Task<KeyAndLock> Of(string key)
        {
            await using var cmd = new NpgsqlCommand("SELECT hashtextextended(@n, 0)", c);
            cmd.Parameters.AddWithValue("n", $"{tenant}|key|{key}");
            return new KeyAndLock(key, (long)(await cmd.ExecuteScalarAsync())!);
        }
        var (kx, ky) = (await Of(x), await Of(y));
        return kx.LockId < ky.LockId ? (kx, ky) : (ky, kx);
    }

    // Waiting for another session's state in PostgreSQL, not for one of Tocsin's timers.
    private static async Task WaitUntilSomeoneWaitsForAsync(long lockId)
    {
        await using var c = new NpgsqlConnection(TestDatabase.PostgresConnection);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND ((classid::bigint << 32) | objid::bigint) = @id", c);
        cmd.Parameters.AddWithValue("id", lockId);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((long)(await cmd.ExecuteScalarAsync())! == 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"nobody waited for advisory lock {lockId}");
            await Task.Delay(20);
        }
    }
}
#endif
