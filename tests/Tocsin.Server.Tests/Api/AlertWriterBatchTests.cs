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
}
