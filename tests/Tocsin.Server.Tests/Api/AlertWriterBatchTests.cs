using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Api;

/// <summary>How the group-commit writer cuts what is waiting into transactions.</summary>
public sealed class AlertWriterBatchTests
{
    [Fact]
    public async Task WaitingCommands_DeclaringMoreKeysThanABatchLocks_GoInTheNextTransaction()
    {
        await using var app = await TocsinApp.StartAsync();
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();
        // Every command of one transaction gets the same context; it identifies the transaction.
        Task<WriteContext> Declaring(int keys, string prefix) => writer.ExecuteAsync(w => ValueTask.FromResult(w), default,
            Enumerable.Range(0, keys).Select(i => new DedupKeyLock(tenant, $"{prefix}-{i}")).ToList());

        var half = AlertWriter.MaxKeysPerBatch / 2 + 1;
        var (first, second, third) = await writer.AsOneBatchAsync(
            () => Declaring(half, "a"), () => Declaring(half, "b"), () => Declaring(AlertWriter.MaxKeysPerBatch - half, "c"));

        (await second).ShouldNotBeSameAs(await first, "the first two together declare more keys than a transaction locks");
        (await third).ShouldBeSameAs(await second, "the third fits with the second");
    }

    [Fact]
    public async Task OneCommand_DeclaringMoreKeysThanABatchLocks_StillRuns()
    {
        await using var app = await TocsinApp.StartAsync();
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();

        var ran = await writer.ExecuteAsync(_ => ValueTask.FromResult(true), default,
            Enumerable.Range(0, AlertWriter.MaxKeysPerBatch + 1).Select(i => new DedupKeyLock(tenant, $"k-{i}")).ToList());

        ran.ShouldBeTrue();
    }

    [Fact]
    public async Task WaitingCommands_DeclaringTheSameKeys_ShareATransaction()
    {
        await using var app = await TocsinApp.StartAsync();
        var tenant = await app.DefaultTenantAsync();
        var writer = app.Services.GetRequiredService<AlertWriter>();
        var keys = Enumerable.Range(0, AlertWriter.MaxKeysPerBatch / 2 + 1).Select(i => new DedupKeyLock(tenant, $"k-{i}")).ToList();
        Task<WriteContext> Declaring() => writer.ExecuteAsync(w => ValueTask.FromResult(w), default, keys);

        var (first, second, third) = await writer.AsOneBatchAsync(Declaring, Declaring, Declaring);

        (await second).ShouldBeSameAs(await first, "a key declared again holds no second lock");
        (await third).ShouldBeSameAs(await first);
    }

    // On a database server a batch reads its keys' open alerts once, at its start (PrefetchedOpenAlerts). Commands earlier
    // in the same batch can change what that read saw; the ones below each do, and a later command must see the change.

    [Fact]
    public async Task TriggersOfANewKey_InOneBatch_OpenOneAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var (tenant, alerts, writer) = await BatchParts(app);

        var (first, second, third) = await writer.AsOneBatchAsync(
            () => Ingest(alerts, tenant, Trigger("k")), () => Ingest(alerts, tenant, Trigger("k")), () => Ingest(alerts, tenant, Trigger("k")));

        var ids = new[] { await first, await second, await third }.Select(r => r.AlertId).Distinct().ToList();
        ids.Count.ShouldBe(1, "the second trigger must find the alert the first one opened");
        (await alerts.GetAsync(tenant, ids[0]!.Value, default))!.Count.ShouldBe(3);
    }

    [Fact]
    public async Task TriggersOfAnOpenKey_InOneBatch_EachSeeTheOneBefore()
    {
        await using var app = await TocsinApp.StartAsync();
        var (tenant, alerts, writer) = await BatchParts(app);
        var opened = (await Ingest(alerts, tenant, Trigger("k", "v0"))).AlertId!.Value;

        var (first, second, third) = await writer.AsOneBatchAsync(
            () => Ingest(alerts, tenant, Trigger("k", "v1")), () => Ingest(alerts, tenant, Trigger("k", "v2")), () => Ingest(alerts, tenant, Trigger("k", "v3")));

        (await Task.WhenAll(first, second, third)).ShouldAllBe(r => r.AlertId == opened);
        var alert = (await alerts.GetAsync(tenant, opened, default))!;
        alert.Count.ShouldBe(4, "each trigger counts on top of the one before it in the batch");
        alert.Labels["v"].ShouldBe("v3");
        async Task<int> Labelled(string value) =>
            (await alerts.ListAsync(tenant, new AlertQuery { Labels = [new("v", value)] }, default)).Items.Count;
        (await Labelled("v3")).ShouldBe(1, "the label index follows the last trigger");
        (await Labelled("v2")).ShouldBe(0);
    }

    [Fact]
    public async Task TriggerAfterAnAcknowledgeById_InOneBatch_KeepsTheAcknowledgement()
    {
        await using var app = await TocsinApp.StartAsync();
        var (tenant, alerts, writer) = await BatchParts(app);
        var opened = (await Ingest(alerts, tenant, Trigger("k"))).AlertId!.Value;

        var (_, ack, trigger) = await writer.AsOneBatchAsync(
            async () => (await Ingest(alerts, tenant, Trigger("other"))).AlertId is not null,
            async () => (await alerts.ApplyAsync(tenant, opened, AlertAction.Acknowledge, Actor.System, null, default)).IsOk,
            async () => (await Ingest(alerts, tenant, Trigger("k"))).AlertId == opened);

        (await ack).ShouldBeTrue();
        (await trigger).ShouldBeTrue("the trigger must update the open alert");
        var alert = (await alerts.GetAsync(tenant, opened, default))!;
        alert.Status.ShouldBe(AlertStatus.Acknowledged, "the trigger must not write back the status it would have read at the batch's start");
        alert.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TriggerAfterAResolveByKey_InOneBatch_OpensANewAlert()
    {
        await using var app = await TocsinApp.StartAsync();
        var (tenant, alerts, writer) = await BatchParts(app);
        var opened = (await Ingest(alerts, tenant, Trigger("k"))).AlertId!.Value;

        var (_, resolve, trigger) = await writer.AsOneBatchAsync(
            () => Ingest(alerts, tenant, Trigger("other")),
            () => Ingest(alerts, tenant, new AlertEvent(EventAction.Resolve, "k", null)),
            () => Ingest(alerts, tenant, Trigger("k")));

        (await resolve).Outcome.ShouldBe(IngestOutcome.Resolved);
        (await trigger).Outcome.ShouldBe(IngestOutcome.Created);
        (await trigger).AlertId.ShouldNotBe(opened);
        (await alerts.GetAsync(tenant, opened, default))!.Status.ShouldBe(AlertStatus.Resolved);
    }

    private static async Task<(Guid, AlertService, AlertWriter)> BatchParts(TocsinApp app) =>
        (await app.DefaultTenantAsync(), app.Services.GetRequiredService<AlertService>(), app.Services.GetRequiredService<AlertWriter>());

    private static AlertEvent Trigger(string key, string? label = null) => new(EventAction.Trigger, key,
        new NewAlert { Title = $"disk full {key}", DedupKey = key, Labels = label is null ? null : new Dictionary<string, string> { ["v"] = label } });

    private static async Task<IngestResult> Ingest(AlertService alerts, Guid tenant, AlertEvent e)
    {
        var result = await alerts.IngestAsync(tenant, Actor.System, [e], null, "", default);
        result.IsOk.ShouldBeTrue();
        return result.Value![0];
    }
}
