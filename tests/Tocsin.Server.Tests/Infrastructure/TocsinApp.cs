using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Hosting;
using Tocsin.Testing;

namespace Tocsin.Server.Tests.Infrastructure;

/// <summary>
/// The real server on a real Kestrel socket (127.0.0.1, free port) over a temporary SQLite file, or in the PostgreSQL
/// test assembly a schema of its own on the test server (<see cref="TestDatabase"/>). Only the clock is fake.
/// <see cref="RestartAsync"/> stops the process-equivalent and starts a new host on the same data directory.
/// </summary>
public sealed class TocsinApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-000000000000000000000000";

    private WebApplication _app;
    private readonly bool _ownsDir;
    private readonly TimeProvider _serverClock;
    private Action<IServiceCollection>? _services;

    private TocsinApp(WebApplication app, string dataDir, FakeTimeProvider clock, TimeProvider serverClock, bool ownsDir, Action<IServiceCollection>? services)
    {
        _services = services;
        _app = app;
        _serverClock = serverClock;
        DataDir = dataDir;
        Clock = clock;
        _ownsDir = ownsDir;
        Client = CreateClient(AdminKey);
    }

    public string DataDir { get; }

    /// <summary>The PostgreSQL connection string of this server's schema; null on SQLite.</summary>
    public string? Connection => ConnectionFor(DataDir);

    /// <summary>Arguments that point a <c>tocsin</c> CLI command at this server's database.</summary>
    public string[] CliDatabaseArgs => Connection is { } c ? ["--db", "postgres", "--connection", c] : ["--data-dir", DataDir];

    // One schema per data directory, so a restart on the same directory finds the same data.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Schemas = new();

    private static string? ConnectionFor(string dataDir) => TestDatabase.IsPostgres
        ? TestDatabase.ConnectionFor(Schemas.GetOrAdd(dataDir, _ => TestDatabase.NewSchema()))
        : null;
    public FakeTimeProvider Clock { get; }
    public HttpClient Client { get; private set; }
    public IServiceProvider Services => _app.Services;
    public string BaseUrl { get; private set; } = "";

    /// <param name="services">Extra registrations after the host's own (e.g. a series store with small caps); kept across restarts.</param>
    public static Task<TocsinApp> StartAsync(FakeTimeProvider? clock = null, string? dataDir = null, Action<IServiceCollection>? services = null)
    {
        clock ??= new FakeTimeProvider();
        return StartAsync(clock, clock, dataDir, services);
    }

    /// <summary>
    /// The server on the real clock, for tests against external processes (a real Prometheus stamps real times, and
    /// a fake "now" would make its alerts look resolved or from the future). <see cref="Clock"/> is then unused by the server.
    /// </summary>
    public static Task<TocsinApp> StartWithSystemClockAsync(string? dataDir = null) => StartAsync(new FakeTimeProvider(), TimeProvider.System, dataDir, null);

    private static async Task<TocsinApp> StartAsync(FakeTimeProvider clock, TimeProvider serverClock, string? dataDir, Action<IServiceCollection>? services)
    {
        var ownsDir = dataDir is null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "tocsin-test-" + Guid.NewGuid().ToString("N"));
        var app = await BootAsync(dataDir, serverClock, services);
        var result = new TocsinApp(app, dataDir, clock, serverClock, ownsDir, services);
        result.BaseUrl = Address(app);
        result.Client = result.CreateClient(AdminKey);
        return result;
    }

    private static async Task<WebApplication> BootAsync(string dataDir, TimeProvider clock, Action<IServiceCollection>? extra = null)
    {
        var connection = ConnectionFor(dataDir);
        var app = TocsinHost.Build(new TocsinStartOptions(Urls: "http://127.0.0.1:0", DataDir: dataDir, Quiet: true,
                Db: connection is null ? null : "postgres", Connection: connection),
            services => { services.AddSingleton<TimeProvider>(clock); extra?.Invoke(services); });
        await TocsinHost.InitializeAsync(app, AdminKey, CancellationToken.None);
        await app.StartAsync();
        return app;
    }

    /// <summary>Runs <paramref name="test"/> with the services of a host on a new, migrated database that has no tenant yet; then removes it.</summary>
    public static async Task OnEmptyDatabaseAsync(Func<IServiceProvider, Task> test)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "tocsin-test-" + Guid.NewGuid().ToString("N"));
        var connection = ConnectionFor(dataDir);
        try
        {
            await using var app = TocsinHost.Build(new TocsinStartOptions(Urls: "http://127.0.0.1:0", DataDir: dataDir, Quiet: true,
                Db: connection is null ? null : "postgres", Connection: connection));
            await app.Services.GetRequiredService<Tocsin.Storage.Database>().MigrateAsync(CancellationToken.None);
            await test(app.Services);
        }
        finally
        {
            if (Schemas.TryRemove(dataDir, out var schema)) await TestDatabase.DropSchemaAsync(schema);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } // includes a directory never created
        }
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public HttpClient CreateClient(string? key)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl == "" ? "http://127.0.0.1/" : BaseUrl) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Creates a key with the given permissions in the default tenant (or <paramref name="tenantId"/>).</summary>
    public async Task<HttpClient> ClientWithAsync(string[] permissions, Guid? tenantId = null, long? userId = null)
    {
        var tenants = Services.GetRequiredService<TenantService>();
        tenantId ??= (await Services.GetRequiredService<ITenantStore>().ListTenantsAsync(default))[0].Id;
        var (_, secret) = await tenants.CreateKeyAsync(tenantId.Value, "test", permissions, userId, default);
        return CreateClient(secret);
    }

    /// <summary>A second tenant with its own admin key, to prove isolation.</summary>
    public async Task<HttpClient> OtherTenantClientAsync()
    {
        var tenant = new Tenant(Guid.NewGuid(), "other", Clock.GetUtcNow());
        await Services.GetRequiredService<ITenantStore>().CreateTenantAsync(tenant, default);
        return await ClientWithAsync([Permission.Admin], tenant.Id);
    }

    /// <param name="services">When given, replaces the registrations passed at start for this and later restarts.</param>
    public async Task RestartAsync(Action<IServiceCollection>? services = null)
    {
        _services = services ?? _services;
        await _app.StopAsync();
        await _app.DisposeAsync();
        Client.Dispose();
        _app = await BootAsync(DataDir, _serverClock, _services);
        BaseUrl = Address(_app);
        Client = CreateClient(AdminKey);
    }

    /// <summary>Posts events and returns the parsed 202 body, failing the test on any other status.</summary>
    public async Task<JsonNode> SendEventsAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/v1/events", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<long> TriggerAsync(string summary, string? dedupKey = null, string priority = "high", string? source = null, object? labels = null)
    {
        var r = await SendEventsAsync(new { action = "trigger", summary, dedupKey, priority, source, labels });
        return r["results"]![0]!["alertId"]!.GetValue<long>();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDir && Schemas.TryRemove(DataDir, out var schema)) await TestDatabase.DropSchemaAsync(schema);
        if (_ownsDir)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
        }
    }
}
