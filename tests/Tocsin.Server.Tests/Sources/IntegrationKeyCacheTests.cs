using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Storage;
using Tocsin.Storage.Sql.OnCall;

namespace Tocsin.Server.Tests.Sources;

/// <summary>
/// Integration keys are cached per node (#4: the lookup was one query per event). The node that deletes a source
/// refuses its key at once; another node sharing the database may accept it until the cache entry expires.
/// </summary>
public sealed class IntegrationKeyCacheTests
{
    [Fact]
    public async Task DeletedSource_KeyRefusedAtOnceHere_AndAfterTheTtlOnAnotherNode()
    {
        await using var app = await TocsinApp.StartAsync();
        var (id, key) = await app.SourceAsync(null);
        // A second store on the same database stands in for another node; it shares this test's fake clock.
        var otherNode = new SqlAlertSourceStore(app.Services.GetRequiredService<Database>(), app.Clock);
        (await otherNode.FindByIntegrationKeyAsync(key, default))!.Value.Source.Id.ShouldBe(id);
        await app.TriggerFromAsync(key, "before the delete"); // cached on this node too

        await (await app.Client.DeleteAsync($"/api/v1/sources/{id}")).StatusAsync(HttpStatusCode.NoContent);

        await (await app.Client.PostAsJsonAsync("/api/v1/events", new { integrationKey = key, summary = "after the delete" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "integrationKey");
        (await otherNode.FindByIntegrationKeyAsync(key, default)).ShouldNotBeNull("within the TTL another node still has it cached");
        app.Clock.Advance(SqlAlertSourceStore.KeyCacheTtl);
        (await otherNode.FindByIntegrationKeyAsync(key, default)).ShouldBeNull();
    }

    [Fact]
    public async Task KeyOfAnotherTenant_NotFoundThroughTheCache()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null);
        var store = app.Services.GetRequiredService<Tocsin.Core.OnCall.IAlertSourceStore>();
        var (tenant, _) = (await store.FindByIntegrationKeyAsync(key, default))!.Value; // now cached
        (await store.FindByIntegrationKeyAsync(tenant, key, default)).ShouldNotBeNull();
        (await store.FindByIntegrationKeyAsync(Guid.NewGuid(), key, default)).ShouldBeNull();
    }

    [Fact]
    public async Task UnknownKey_Is400NamingTheField()
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.PostAsJsonAsync("/api/v1/events", new { integrationKey = "src_nope", summary = "x" }))
            .ProblemAsync(HttpStatusCode.BadRequest, "integrationKey");
    }
}
