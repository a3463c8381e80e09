using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Api;

public sealed class AuthAndTenancyTests
{
    [Fact]
    public async Task NoKey_Gets401()
    {
        await using var app = await TocsinApp.StartAsync();
        using var anon = app.CreateClient(null);
        var resp = await anon.GetAsync("/api/v1/alerts");
        await resp.ProblemAsync(HttpStatusCode.Unauthorized, "Authorization");
        resp.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        await (await anon.PostAsJsonAsync("/api/v1/events", new { summary = "x" })).StatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WrongKey_Gets401()
    {
        await using var app = await TocsinApp.StartAsync();
        using var bad = app.CreateClient("tcs_not-a-real-key-at-all-000000000000");
        await (await bad.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task KeyWithoutPermission_Gets403()
    {
        await using var app = await TocsinApp.StartAsync();
        using var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        await (await reader.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.OK);
        await (await reader.PostAsJsonAsync("/api/v1/events", new { summary = "x" })).ProblemAsync(HttpStatusCode.Forbidden, "Authorization");
        using var sender = await app.ClientWithAsync([Permission.EventsWrite]);
        var id = (await (await sender.PostAsJsonAsync("/api/v1/events", new { summary = "x" })).StatusAsync(HttpStatusCode.Accepted))!["alertIds"]![0]!.GetValue<long>();
        await (await sender.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.Forbidden);
        await (await sender.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).StatusAsync(HttpStatusCode.Forbidden);
        await (await reader.GetAsync("/api/v1/keys")).StatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OtherTenantsAlert_IsNotFound_AndNotListed()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = await app.TriggerAsync("Mine", "shared-key");
        using var other = await app.OtherTenantClientAsync();
        await (await other.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"/api/v1/alerts/{id}/resolve", null)).StatusAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/alerts/{id}/timeline")).StatusAsync(HttpStatusCode.NotFound);
        (await (await other.GetAsync("/api/v1/alerts")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();
        // The same dedup key in another tenant is a different alert, numbered from 1 there.
        var theirs = (await (await other.PostAsJsonAsync("/api/v1/events", new { summary = "Theirs", dedupKey = "shared-key" })).StatusAsync(HttpStatusCode.Accepted))!;
        theirs["results"]![0]!["outcome"]!.GetValue<string>().ShouldBe("created");
        var theirId = theirs["alertIds"]![0]!.GetValue<long>();
        (await (await other.GetAsync($"/api/v1/alerts/{theirId}")).StatusAsync(HttpStatusCode.OK))!["number"]!.GetValue<long>().ShouldBe(1);
        (await (await app.Client.GetAsync($"/api/v1/alerts/{id}")).StatusAsync(HttpStatusCode.OK))!["count"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Tenant_ReturnsCallersTenant()
    {
        await using var app = await TocsinApp.StartAsync();
        var t = (await (await app.Client.GetAsync("/api/v1/tenant")).StatusAsync(HttpStatusCode.OK))!;
        Guid.TryParse(t["id"]!.GetValue<string>(), out _).ShouldBeTrue();
        t["name"]!.GetValue<string>().ShouldBe("default");
        t["createdAt"].ShouldNotBeNull();
        using var other = await app.OtherTenantClientAsync();
        (await (await other.GetAsync("/api/v1/tenant")).StatusAsync(HttpStatusCode.OK))!["name"]!.GetValue<string>().ShouldBe("other");
    }

    [Fact]
    public async Task Keys_CreateUseListRevoke()
    {
        await using var app = await TocsinApp.StartAsync();
        var created = (await (await app.Client.PostAsJsonAsync("/api/v1/keys", new { name = "nagios", permissions = new[] { "events:write" } })).StatusAsync(HttpStatusCode.Created))!;
        var secret = created["secret"]!.GetValue<string>();
        var keyId = created["key"]!["id"]!.GetValue<long>();
        using var nagios = app.CreateClient(secret);
        await (await nagios.PostAsJsonAsync("/api/v1/events", new { summary = "from nagios" })).StatusAsync(HttpStatusCode.Accepted);

        var list = (await (await app.Client.GetAsync("/api/v1/keys")).StatusAsync(HttpStatusCode.OK))!.AsArray();
        list.Count.ShouldBe(2);
        list.ToJsonString().ShouldNotContain(secret);

        (await app.Client.DeleteAsync($"/api/v1/keys/{keyId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await nagios.PostAsJsonAsync("/api/v1/events", new { summary = "after revoke" })).StatusAsync(HttpStatusCode.Unauthorized);
        await (await app.Client.DeleteAsync("/api/v1/keys/9999")).StatusAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"permissions\": [\"admin\"]}", "name")]
    [InlineData("{\"name\": \"x\"}", "permissions")]
    [InlineData("{\"name\": \"x\", \"permissions\": [\"root\"]}", "permissions")]
    [InlineData("{\"name\": 3, \"permissions\": [\"admin\"]}", "name")]
    public async Task Keys_BadInput_Gets400(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var resp = await app.Client.PostAsync("/api/v1/keys", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await resp.ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task AdminKey_IsStoredOnlyAsHash()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tocsin-hash-" + Guid.NewGuid().ToString("N"));
        var app = await TocsinApp.StartAsync(dataDir: dir);
        await (await app.Client.GetAsync("/api/v1/tenant")).StatusAsync(HttpStatusCode.OK);
        string text;
        if (TestDatabase.IsPostgres)
        {
            // Every row of the key table as PostgreSQL prints it (bytea as hex, text as is).
            await using var c = await app.Services.GetRequiredService<Tocsin.Storage.Database>().OpenAsync(default);
            await using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT string_agg(k::text, ' ') FROM api_keys k";
            text = (string)(await cmd.ExecuteScalarAsync())!;
            await app.DisposeAsync();
        }
        else
        {
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            text = string.Concat(Directory.GetFiles(dir).Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        }
        text.ShouldContain("admin", Case.Sensitive, "the key's name is stored, so the stored data was read");
        text.ShouldNotContain(TocsinApp.AdminKey);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public Task FirstStart_OfANodeRacingAnother_CreatesNoSecondTenant() => TocsinApp.OnEmptyDatabaseAsync(async services =>
    {
        var store = services.GetRequiredService<ITenantStore>();
        // Two nodes starting together on an empty database both find no tenant; one of them then creates it first.
        var racing = new TenantService(new NoTenantSeen(store), TimeProvider.System);

        (await racing.BootstrapAsync(TocsinApp.AdminKey, default)).ShouldNotBeNull();
        (await racing.BootstrapAsync(TocsinApp.AdminKey, default)).ShouldBeNull("the second node must neither create a tenant nor fail its start");
        (await store.ListTenantsAsync(default)).Count.ShouldBe(1);
    });

    /// <summary>What a node saw just before another node created the first tenant: no tenant.</summary>
    private sealed class NoTenantSeen(ITenantStore store) : ITenantStore
    {
        public Task<bool> AnyTenantAsync(CancellationToken ct) => Task.FromResult(false);
        public Task<Tenant?> GetTenantAsync(Guid id, CancellationToken ct) => store.GetTenantAsync(id, ct);
        public Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct) => store.ListTenantsAsync(ct);
        public Task CreateTenantAsync(Tenant tenant, CancellationToken ct) => store.CreateTenantAsync(tenant, ct);
        public Task<bool> CreateFirstTenantAsync(Tenant tenant, ApiKeyRecord adminKey, CancellationToken ct) => store.CreateFirstTenantAsync(tenant, adminKey, ct);
        public Task<ApiKeyRecord?> FindKeyByHashAsync(byte[] hash, CancellationToken ct) => store.FindKeyByHashAsync(hash, ct);
        public Task<long> CreateKeyAsync(ApiKeyRecord key, CancellationToken ct) => store.CreateKeyAsync(key, ct);
        public Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(Guid tenantId, CancellationToken ct) => store.ListKeysAsync(tenantId, ct);
        public Task<bool> RevokeKeyAsync(Guid tenantId, long id, DateTimeOffset now, CancellationToken ct) => store.RevokeKeyAsync(tenantId, id, now, ct);
    }
}
