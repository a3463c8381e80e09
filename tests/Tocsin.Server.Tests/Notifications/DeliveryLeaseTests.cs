using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Storage;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>What a starting node does with delivery leases it finds: a dead process's are released, a live node's kept.</summary>
public sealed class DeliveryLeaseTests
{
    [Fact]
    public async Task StartUpRelease_DeadNodesLeasesFreed_LiveNodesKeptWhereTheDatabaseIsShared()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await TocsinApp.StartAsync(services: s => { NotificationScenario.Options()(s); s.AddSingleton(new DeliveryOptions { WorkerEnabled = false }); });
        var channel = (await app.Client.PostOkAsync("/api/v1/channels",
            new { name = "bulk", kind = "webhook", targets = new[] { sink.Url("/bulk").ToString() } }))["id"]!.GetValue<long>();
        var tenant = await app.DefaultTenantAsync();
        var alertId = await app.TriggerAsync("Leased");
        await app.Services.GetRequiredService<AlertWriter>().ExecuteAsync(async w =>
        {
            var alert = (await w.Session.GetAsync(tenant, alertId, default))!;
            for (var i = 0; i < 3; i++) await NotificationEnqueue.ToChannelAsync(w, alert, channel, NotificationEvents.Triggered, $"n{i}", default);
            return true;
        }, default);
        var store = app.Services.GetRequiredService<IDeliveryStore>();
        var now = app.Clock.GetUtcNow();
        var target = (await app.Services.GetRequiredService<INotificationSettingsStore>().ChannelAsync(tenant, channel, default))!;
        await store.ExpandAsync((await store.PendingAsync(now, 10, default)).Select(r => (r, DeliveryPlanner.ForChannel(target, now))).ToList(), now, default);
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
}
