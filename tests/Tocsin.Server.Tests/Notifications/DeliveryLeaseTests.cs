using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Notifications;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Storage;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>What a starting node does with delivery leases it finds: a dead process's are released, a live node's kept.</summary>
public sealed class DeliveryLeaseTests
{
    [Fact]
    public async Task StartUpRelease_DeadNodesLeasesFreed_LiveNodesKeptWhereTheDatabaseIsShared()
    {
        await using var sink = await HttpSink.StartAsync();
        var (app, tenant, channel) = await NotificationScenario.QueuedChannelNotificationsAsync(sink, 3);
        await using var _ = app;
        await app.ExpandChannelNotificationsAsync(tenant, channel, 10);
        var store = app.Services.GetRequiredService<IDeliveryStore>();
        var now = app.Clock.GetUtcNow();
        var claimed = (await store.ClaimAsync(now, now + TimeSpan.FromHours(1), 10, default)).Select(d => d.Id).Order().ToArray();
        claimed.Length.ShouldBe(3);

        // Three claimers: a node heartbeating now, one silent for an hour, and one that never announced itself.
        var db = app.Services.GetRequiredService<Database>();
        await using (var c = await db.OpenAsync(default))
        {
            foreach (var (node, beat) in new[] { ("live-node", now), ("dead-node", now - TimeSpan.FromHours(1)) })
                await c.ExecuteAsync("INSERT INTO nodes (id, name, url, version, started_at, heartbeat_at) VALUES (@node, @node, NULL, '1', @beat, @beat)",
                    new { node, beat = beat.ToUnixTimeMilliseconds() });
            string[] claimers = ["live-node", "dead-node", "unknown-node"];
            for (var i = 0; i < 3; i++)
                await c.ExecuteAsync("UPDATE deliveries SET claimed_by = @node WHERE id = @id", new { node = claimers[i], id = claimed[i] });
        }

        await store.ReleaseLeasesAsync(now, default);

        await using var read = await db.OpenAsync(default);
        var leased = (await read.QueryAsync<long>("SELECT id FROM deliveries WHERE claimed_until IS NOT NULL ORDER BY id")).ToArray();
        leased.ShouldBe(db.IsShared ? [claimed[0]] : []);
    }

    [Fact]
    public async Task LaterBatchOfALongPass_LeasedFromItsOwnClaim()
    {
        // One row per batch, one send at a time: four rows in flight fill the room, so the fifth batch is claimed only
        // after the first sends return, which the test holds back while it moves the clock by four minutes.
        await using var sink = await HttpSink.StartAsync();
        var firstFour = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fifth = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = 0;
        sink.Respond = _ => SinkResponse.Ok with { Until = Interlocked.Increment(ref seen) <= 4 ? firstFour.Task : fifth.Task };
        var (app, tenant, channel) = await NotificationScenario.QueuedChannelNotificationsAsync(sink, 5,
            new DeliveryOptions { WorkerEnabled = false, BatchSize = 1, Concurrency = 1 });
        await using var _ = app;
        var start = app.Clock.GetUtcNow();
        var db = app.Services.GetRequiredService<Database>();

        var pass = app.RunDeliveryAsync();
        await sink.WaitForRequestsAsync(1);
        while (await LeasedAsync(db) < 4) await Task.Delay(20); // the pass holds four rows and waits for room
        app.Clock.Advance(TimeSpan.FromMinutes(4));
        firstFour.SetResult();
        await sink.WaitForRequestsAsync(4);
        while (await LeasedAsync(db) > 1) await Task.Delay(20); // the first four recorded, the fifth held by the sink

        await using (var c = await db.OpenAsync(default))
            (await c.QuerySingleAsync<long>("SELECT claimed_until FROM deliveries WHERE claimed_until IS NOT NULL"))
                .ShouldBe((start + TimeSpan.FromMinutes(4) + DeliveryDefaults.Lease).ToUnixTimeMilliseconds());
        fifth.SetResult();
        await pass;
        sink.Requests.Count.ShouldBe(5);
    }

    private static async Task<long> LeasedAsync(Database db)
    {
        await using var c = await db.OpenAsync(default);
        return await c.QuerySingleAsync<long>("SELECT count(*) FROM deliveries WHERE claimed_until IS NOT NULL");
    }
}
