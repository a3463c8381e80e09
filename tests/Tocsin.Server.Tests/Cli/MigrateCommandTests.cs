// Migrating always goes from SQLite to PostgreSQL, whichever database the rest of the suite runs on, so the tests run in
// the SQLite assembly only (the PostgreSQL assembly links the same file and would run them twice).
#if !TOCSIN_POSTGRES
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tocsin.Server.Hosting;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Testing;

namespace Tocsin.Server.Tests.Cli;

/// <summary>`tocsin migrate` as an operator runs it: a real server fills SQLite, the real CLI copies, a real server reads PostgreSQL.</summary>
public sealed class MigrateCommandTests
{
    // Everything the API shows about the migrated objects must read back identically from PostgreSQL.
    private static readonly string[] Listings =
        ["/api/v1/alerts", "/api/v1/users", "/api/v1/schedules", "/api/v1/escalation-policies", "/api/v1/sources", "/api/v1/rules", "/api/v1/channels"];

    [PostgresFact]
    public async Task Migrate_SqliteServerData_ServesIdenticallyFromPostgres_AndContinuesIds()
    {
        var dataDir = NewDataDir();
        var schema = TestDatabase.NewSchema();
        try
        {
            var before = new Dictionary<string, string>();
            long[] alertIds;
            await using (var app = await TocsinApp.StartAsync(dataDir: dataDir))
            {
                alertIds = await SeedAsync(app);
                foreach (var path in Listings) before[path] = await GetTextAsync(app.Client, path);
                foreach (var id in alertIds) before[$"/api/v1/alerts/{id}/timeline"] = await GetTextAsync(app.Client, $"/api/v1/alerts/{id}/timeline");
            }

            var connection = TestDatabase.ConnectionFor(schema);
            var run = await TocsinProcess.RunAsync("migrate", "--from", "sqlite:" + dataDir, "--to", "postgres:" + connection);
            run.Code.ShouldBe(0, run.Out + run.Err);
            foreach (var table in new[] { "tenants", "api_keys", "alerts", "alert_labels", "timeline", "users", "schedules", "escalation_policies", "alert_sources", "escalations", "outbox", "rules", "notification_channels" })
                run.Out.ShouldContain(table);
            run.Out.ShouldContain("row counts match");

            // Independently of the command's own check: every SQLite table has the same number of rows in PostgreSQL.
            var counts = await SqliteCountsAsync(Path.Combine(dataDir, "tocsin.db"));
            counts["timeline"].ShouldBeGreaterThan(alertIds.Length);
            counts["outbox"].ShouldBeGreaterThan(0);
            counts["escalations"].ShouldBeGreaterThan(0);
            // The node list describes processes, not data: the SQLite server's own entry stays behind on purpose.
            foreach (var (table, rows) in counts.Where(c => c.Key != "nodes")) (await PostgresCountAsync(connection, table)).ShouldBe(rows, table);

            await using var pg = await PostgresServer.StartAsync(connection);
            foreach (var (path, text) in before) (await GetTextAsync(pg.Client, path)).ShouldBe(text, path);

            // The identity sequences continue after the copied ids, and the tenant's alert numbering after its last number.
            var alerts = JsonNode.Parse(before["/api/v1/alerts"])!["items"]!.AsArray();
            var (maxId, maxNumber) = (alerts.Max(a => a!["id"]!.GetValue<long>()), alerts.Max(a => a!["number"]!.GetValue<long>()));
            var created = await pg.Client.PostAsJsonAsync("/api/v1/events", new { action = "trigger", summary = "After the move", dedupKey = "moved/1" });
            var newId = (await created.StatusAsync(HttpStatusCode.Accepted))!["results"]![0]!["alertId"]!.GetValue<long>();
            newId.ShouldBe(maxId + 1);
            var fresh = JsonNode.Parse(await GetTextAsync(pg.Client, $"/api/v1/alerts/{newId}"))!;
            fresh["number"]!.GetValue<long>().ShouldBe(maxNumber + 1);
            JsonNode.Parse(await GetTextAsync(pg.Client, $"/api/v1/alerts/{newId}/timeline"))!["items"]!.AsArray().Count.ShouldBeGreaterThan(0);
            var users = JsonNode.Parse(before["/api/v1/users"])!["items"]!.AsArray();
            var user = await pg.Client.PostOkAsync("/api/v1/users", new { name = "Carol", email = "carol@example.com", timeZone = "UTC" });
            user["id"]!.GetValue<long>().ShouldBe(users.Max(u => u!["id"]!.GetValue<long>()) + 1);
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
            DeleteDir(dataDir);
        }
    }

    [PostgresFact]
    public async Task Migrate_IntoTargetWithData_RefusesNamingTheTable_AndWritesNothing()
    {
        var dataDir = NewDataDir();
        var schema = TestDatabase.NewSchema();
        try
        {
            await using (var app = await TocsinApp.StartAsync(dataDir: dataDir)) await app.TriggerAsync("Disk full", "disk/1");
            var connection = TestDatabase.ConnectionFor(schema);
            var first = await TocsinProcess.RunAsync("migrate", "--from", "sqlite:" + Path.Combine(dataDir, "tocsin.db"), "--to", "postgres:" + connection);
            first.Code.ShouldBe(0, first.Out + first.Err);
            var alerts = await PostgresCountAsync(connection, "alerts");
            alerts.ShouldBe(1);

            var again = await TocsinProcess.RunAsync("migrate", "--from", "sqlite:" + dataDir, "--to", "postgres:" + connection);
            again.Code.ShouldNotBe(0);
            again.Out.ShouldContain("'tenants'");
            again.Out.ShouldContain("not empty");
            (await PostgresCountAsync(connection, "alerts")).ShouldBe(alerts);
            (await PostgresCountAsync(connection, "tenants")).ShouldBe(1);
        }
        finally
        {
            await TestDatabase.DropSchemaAsync(schema);
            DeleteDir(dataDir);
        }
    }

    [Theory]
    [InlineData("mysql:{db}", "postgres:Host=127.0.0.1", "--from: expected sqlite:PATH")]
    [InlineData("{db}", "postgres:Host=127.0.0.1", "--from: expected sqlite:PATH")]
    [InlineData("sqlite:", "postgres:Host=127.0.0.1", "--from: expected sqlite:PATH")]
    [InlineData("sqlite:{dir}/missing", "postgres:Host=127.0.0.1", "--from: no SQLite database")]
    [InlineData("sqlite:{empty}", "postgres:Host=127.0.0.1", "holds no tocsin.db")]
    [InlineData("sqlite:{dir}", "sqlite:/tmp/other", "--to: expected postgres:CONNECTION")]
    [InlineData("sqlite:{dir}", "Host=127.0.0.1", "--to: expected postgres:CONNECTION")]
    [InlineData("sqlite:{dir}", "postgres:this is not a connection string", "--to: not a valid PostgreSQL connection string")]
    [InlineData("sqlite:{dir}", "postgres:Database=tocsin;Username=x", "--to: the connection string names no Host")]
    public async Task Migrate_MalformedFromOrTo_FailsNamingTheOption(string from, string to, string message)
    {
        var dir = NewDataDir();
        var empty = Path.Combine(dir, "empty");
        Directory.CreateDirectory(empty);
        // Never opened: the forms are checked before any database is touched.
        await File.WriteAllBytesAsync(Path.Combine(dir, "tocsin.db"), []);
        try
        {
            string Expand(string s) => s.Replace("{db}", Path.Combine(dir, "tocsin.db")).Replace("{dir}", dir).Replace("{empty}", empty);
            var r = await TocsinProcess.RunAsync("migrate", "--from", Expand(from), "--to", Expand(to));
            r.Code.ShouldNotBe(0);
            r.Out.ShouldContain(message);
            r.Out.ShouldNotContain("Unhandled exception");
        }
        finally
        {
            DeleteDir(dir);
        }
    }

    [Fact]
    public async Task Migrate_WithoutTo_FailsAsUsageError()
    {
        var r = await TocsinProcess.RunAsync("migrate", "--from", "sqlite:./data");
        r.Code.ShouldNotBe(0);
        (r.Out + r.Err).ShouldContain("--to");
    }

    [Fact]
    public async Task Migrate_UnreachableServer_FailsReadably()
    {
        var dir = NewDataDir();
        try
        {
            await using (await TocsinApp.StartAsync(dataDir: dir)) { }
            // Port 1 on loopback: nothing listens there, so the connection is refused at once.
            var r = await TocsinProcess.RunAsync("migrate", "--from", "sqlite:" + dir, "--to", "postgres:Host=127.0.0.1;Port=1;Username=x;Password=y;Timeout=3");
            r.Code.ShouldBe(1, r.Out + r.Err);
            r.Out.ShouldContain("nothing was written to the target");
            r.Out.ShouldNotContain("Password=y");
        }
        finally
        {
            DeleteDir(dir);
        }
    }

    /// <summary>Users, a schedule, a policy with a source, alerts (escalated, acknowledged, resolved, labelled), a rule and a channel.</summary>
    private static async Task<long[]> SeedAsync(TocsinApp app)
    {
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Primary", timeZone = "Europe/Berlin",
            layers = new[] { new { name = "weekly", users = new[] { alice, bob }, start = "2026-03-02T09:00:00+01:00", shiftLength = new { unit = "weeks", count = 1 }, handoffTime = "09:00" } },
        });
        var policy = await app.PolicyAsync([(alice, 5), (bob, 10)]);
        var (_, key) = await app.SourceAsync(policy);
        var escalated = await app.TriggerFromAsync(key, "Checkout down", "checkout/1");
        await app.RunEscalationAsync();
        var disk = await app.TriggerAsync("Disk full", "disk/1", "critical", labels: new { host = "db1", env = "prod" });
        var queue = await app.TriggerAsync("Queue backlog", "queue/1", "low");
        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{disk}/acknowledge", new { note = "looking" })).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PostAsJsonAsync($"/api/v1/alerts/{queue}/resolve", new { note = "drained" })).StatusAsync(HttpStatusCode.OK);
        await app.Client.PostOkAsync("/api/v1/rules", new { name = "CPU hot", condition = "max(timeMax(cpu.used.percent)) > 95", segmentBy = new[] { "host" }, severity = 2 });
        await app.Client.PostOkAsync("/api/v1/channels", new { name = "ops", kind = "email", targets = new[] { "ops@example.com" } });
        return [escalated, disk, queue];
    }

    private static async Task<string> GetTextAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{path}: {text}");
        return text;
    }

    private static async Task<Dictionary<string, long>> SqliteCountsAsync(string file)
    {
        await using var c = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        var tables = new List<string>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations'";
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        }
        var counts = new Dictionary<string, long>();
        foreach (var t in tables)
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT count(*) FROM \"{t}\"";
            counts[t] = (long)(await cmd.ExecuteScalarAsync())!;
        }
        return counts;
    }

    private static async Task<long> PostgresCountAsync(string connection, string table)
    {
        await using var c = new NpgsqlConnection(connection);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static string NewDataDir() => Path.Combine(Path.GetTempPath(), "tocsin-migrate-" + Guid.NewGuid().ToString("N"));

    private static void DeleteDir(string dir)
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>
    /// The real server on the migrated schema. Bootstrapped without an admin key on purpose: it finds the copied tenant,
    /// so only the copied keys can get in.
    /// </summary>
    private sealed class PostgresServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly string _dataDir;

        private PostgresServer(WebApplication app, string dataDir, HttpClient client) => (_app, _dataDir, Client) = (app, dataDir, client);

        public HttpClient Client { get; }

        public static async Task<PostgresServer> StartAsync(string connection)
        {
            var dataDir = NewDataDir();
            var clock = new FakeTimeProvider();
            var app = TocsinHost.Build(new TocsinStartOptions(Urls: "http://127.0.0.1:0", DataDir: dataDir, Quiet: true, Db: "postgres", Connection: connection),
                services => services.AddSingleton<TimeProvider>(clock));
            (await TocsinHost.InitializeAsync(app, null, CancellationToken.None)).ShouldBeNull("the migrated tenant should be found, not a new one created");
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var client = new HttpClient { BaseAddress = new Uri(address) };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TocsinApp.AdminKey);
            return new PostgresServer(app, dataDir, client);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            DeleteDir(_dataDir);
        }
    }
}
#endif
