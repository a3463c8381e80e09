#if TOCSIN_POSTGRES
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;

namespace Tocsin.Server.Tests.Cluster;

/// <summary>
/// Several real <c>tocsin serve</c> processes on one PostgreSQL schema (#11): work is claimed once, a killed node's work
/// is finished by the others, and dedup holds across nodes. Only in the PostgreSQL assembly; skipped with the reason
/// when TOCSIN_TEST_POSTGRES is unset.
/// </summary>
public sealed class MultiNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);
    // Deliveries have a lease of their own, longer than any sender's timeout (5 minutes by default, 10 s at least).
    private static readonly TimeSpan DeliveryLease = TimeSpan.FromSeconds(10);
    private readonly string _schema = TestDatabase.NewSchema();
    private readonly List<TocsinNode> _nodes = [];
    private HttpSink _sink = null!;

    public async Task InitializeAsync()
    {
        if (TestDatabase.PostgresConnection is null) return;
        _sink = await HttpSink.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var n in _nodes) await n.DisposeAsync();
        if (_sink is not null) await _sink.DisposeAsync();
        if (TestDatabase.PostgresConnection is not null) await TestDatabase.DropSchemaAsync(_schema);
    }

    private async Task<TocsinNode[]> StartNodesAsync(int count)
    {
        var settings = new Dictionary<string, string>
        {
            ["Tocsin:Cluster:LeaseDuration"] = Lease.ToString(),
            ["Tocsin:Notifications:Delivery:Lease"] = DeliveryLease.ToString(),
            ["Tocsin:Cluster:HeartbeatInterval"] = "00:00:01",
            ["Tocsin:Escalation:PollInterval"] = "00:00:00.200",
            ["Tocsin:Notifications:Delivery:PollInterval"] = "00:00:00.200",
            ["Tocsin:Notifications:Storm:MaxPerWindow"] = "10000",
            ["Tocsin:Rules:PollInterval"] = "00:00:00.500",
        };
        // The first node migrates and creates the tenant; the others start on the same schema at once.
        _nodes.Add(await TocsinNode.StartAsync(TestDatabase.ConnectionFor(_schema), settings));
        var rest = await Task.WhenAll(Enumerable.Range(1, count - 1).Select(_ => TocsinNode.StartAsync(TestDatabase.ConnectionFor(_schema), settings)));
        _nodes.AddRange(rest);
        return _nodes.ToArray();
    }

    /// <summary>A user paged through a webhook at the sink by a one-rule policy; returns the source's integration key.</summary>
    private async Task<string> PagedSourceAsync(HttpClient api)
    {
        var user = (await Created(api.PostAsJsonAsync("/api/v1/users", new { name = "Alice", email = "alice@example.com", timeZone = "UTC" })))["id"]!.GetValue<long>();
        var method = (await Created(api.PostAsJsonAsync($"/api/v1/users/{user}/contact-methods", new { kind = "webhook", target = _sink.Url("/page").ToString() })))["id"]!.GetValue<long>();
        await Created(api.PostAsJsonAsync($"/api/v1/users/{user}/notification-rules", new { contactMethodId = method, delayMinutes = 0 }));
        var policy = (await Created(api.PostAsJsonAsync("/api/v1/escalation-policies", new
        {
            name = "Primary",
            rules = new[] { new { timeoutMinutes = 24 * 60, targets = new[] { new { kind = "user", id = user } } } },
        })))["id"]!.GetValue<long>();
        return (await Created(api.PostAsJsonAsync("/api/v1/sources", new { name = "Checkout", escalationPolicyId = policy })))["integrationKey"]!.GetValue<string>();
    }

    private static async Task<JsonNode> Created(Task<HttpResponseMessage> send) => (await (await send).StatusAsync(HttpStatusCode.Created))!;

    /// <summary>Posts <paramref name="count"/> distinct events in batches, round-robin over the nodes.</summary>
    private static async Task PostEventsAsync(TocsinNode[] nodes, string key, int count, int batch = 50)
    {
        var sends = new List<Task>();
        for (int i = 0, n = 0; i < count; i += batch, n++)
        {
            var events = Enumerable.Range(i, Math.Min(batch, count - i)).Select(j => new { integrationKey = key, summary = $"Disk {j} full", dedupKey = $"disk-{j}" }).ToArray();
            sends.Add(nodes[n % nodes.Length].Client.PostAsJsonAsync("/api/v1/events", events).ContinueWith(t => t.Result.StatusAsync(HttpStatusCode.Accepted)).Unwrap());
        }
        await Task.WhenAll(sends);
    }

    // Polls the receiver: the nodes work on the real clock, so the test waits for their outcome, bounded.
    private async Task<IReadOnlyList<RecordedRequest>> PagesAsync(int atLeast, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline && Pages().Count < atLeast) await Task.Delay(100);
        // Then a quiet spell, so a double page would have arrived.
        await Task.Delay(TimeSpan.FromSeconds(1) + Lease);
        return Pages();
    }

    /// <summary>Where the work stands in the database, for a failure message: which stage kept what.</summary>
    private async Task<string> WorkStateAsync()
    {
        await using var c = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionFor(_schema));
        await c.OpenAsync();
        var text = new System.Text.StringBuilder();
        foreach (var (name, sql) in new[]
        {
            ("alerts", "SELECT status, count(*) FROM alerts GROUP BY 1"),
            ("escalations", "SELECT concat('rule ', rule_index, ' stopped ', stopped, ' due ', next_due_at IS NOT NULL, ' claimed ', coalesce(claimed_by, '-'), ' leased ', lease_until IS NOT NULL), count(*) FROM escalations GROUP BY 1"),
            ("outbox", "SELECT status, count(*) FROM outbox GROUP BY 1"),
            ("deliveries", "SELECT concat(status, ' attempt ', attempt, ' claimed ', coalesce(claimed_by, '-'), ' until ', coalesce(claimed_until::text, '-')), count(*) FROM deliveries GROUP BY 1"),
            ("alerts without outbox", "SELECT 'count', count(*) FROM alerts a WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.alert_id = a.id)"),
        })
        {
            await using var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            await using var r = await cmd.ExecuteReaderAsync();
            text.Append(name).Append(':');
            while (await r.ReadAsync()) text.Append(' ').Append(r.GetValue(0)).Append('=').Append(r.GetValue(1)).Append(';');
            text.AppendLine();
        }
        foreach (var node in _nodes)
            text.AppendJoin('\n', node.Output.Split('\n').Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal)).Take(5)).AppendLine();
        return text.ToString();
    }

    private List<RecordedRequest> Pages() => _sink.Requests.Where(r => r.Path == "/page").ToList();

    [Fact]
    public async Task ThreeNodes_ThousandAlerts_EveryEscalationStepPagesExactlyOnce()
    {
        var nodes = await StartNodesAsync(3);
        var key = await PagedSourceAsync(nodes[0].Client);

        await PostEventsAsync(nodes, key, 1_000);

        var pages = await PagesAsync(1_000, TimeSpan.FromSeconds(120));
        var keys = pages.Select(p => p.Header("Idempotency-Key")).ToList();
        keys.Distinct().Count().ShouldBe(1_000, "every alert's first escalation step paged\n" + await WorkStateAsync());
        pages.Count.ShouldBe(1_000, "and none twice, although three nodes claimed work");

        var cluster = (await nodes[1].Client.GetFromJsonAsync<JsonNode>("/api/v1/cluster"))!;
        cluster["database"]!.GetValue<string>().ShouldBe("postgres");
        cluster["nodes"]!.AsArray().Count(n => n!["alive"]!.GetValue<bool>()).ShouldBe(3);
    }

    [Fact]
    public async Task NodeKilledMidWay_OthersFinishItsWork_WithinLeasePlusATick()
    {
        var nodes = await StartNodesAsync(3);
        var key = await PagedSourceAsync(nodes[0].Client);

        await PostEventsAsync(nodes, key, 300, batch: 25);
        nodes[1].Kill();

        // A step the killed node claimed is taken over after Lease; a page it claimed but had not sent, after DeliveryLease.
        var pages = await PagesAsync(300, DeliveryLease + TimeSpan.FromSeconds(30));
        var distinct = pages.Select(p => p.Header("Idempotency-Key")).Distinct().Count();
        distinct.ShouldBe(300, "nothing lost: the killed node's claimed steps and deliveries were taken over after their lease\n" + await WorkStateAsync());
        // At-least-once: a page the killed node sent but had not recorded is sent again; never more than its claimed batch.
        (pages.Count - distinct).ShouldBeLessThanOrEqualTo(64);

        var alive = (await nodes[0].Client.GetFromJsonAsync<JsonNode>("/api/v1/cluster"))!["nodes"]!.AsArray();
        // The killed node stops heartbeating; after three missed beats it is reported as not alive.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (alive.Count(n => n!["alive"]!.GetValue<bool>()) != 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            alive = (await nodes[0].Client.GetFromJsonAsync<JsonNode>("/api/v1/cluster"))!["nodes"]!.AsArray();
        }
        alive.Count(n => n!["alive"]!.GetValue<bool>()).ShouldBe(2);
    }

    [Fact]
    public async Task SamplesPostedToDifferentNodes_RuleLeaderSeesAll_EverySegmentFires()
    {
        var nodes = await StartNodesAsync(2);
        await Created(nodes[0].Client.PostAsJsonAsync("/api/v1/rules", new
        {
            name = "Queue backlog", condition = "max(timeMax(queue.waiting)) > 10", segmentBy = new[] { "queue" },
            evaluationStepSeconds = 1, windowSeconds = 60, holdDurationSeconds = 0, severity = 2,
        }));
        // Whichever node leads rule evaluation received only one of the two segments directly.
        await nodes[0].Client.PostAsJsonAsync("/api/v1/metrics", new[] { new { name = "queue.waiting", labels = new { queue = "billing" }, value = 42.0 } });
        await nodes[1].Client.PostAsJsonAsync("/api/v1/metrics", new[] { new { name = "queue.waiting", labels = new { queue = "support" }, value = 37.0 } });

        JsonArray open = [];
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30); DateTime.UtcNow < deadline && open.Count < 2; await Task.Delay(200))
            open = (await nodes[1].Client.GetFromJsonAsync<JsonNode>("/api/v1/alerts?status=triggered&limit=100"))!["items"]!.AsArray();
        open.Count.ShouldBe(2, "one alert per queue: the leader evaluated samples that arrived at the other node too");
    }

    [Fact]
    public async Task SameDedupKey_RoundRobinOverNodes_ExactlyOneOpenAlert()
    {
        var nodes = await StartNodesAsync(3);

        var sends = Enumerable.Range(0, 300).Select(i => nodes[i % 3].Client.PostAsJsonAsync("/api/v1/events",
            new { action = "trigger", summary = "Checkout slow", dedupKey = "checkout/latency" }).ContinueWith(t => t.Result.StatusAsync(HttpStatusCode.Accepted)).Unwrap());
        await Task.WhenAll(sends);

        var open = (await nodes[2].Client.GetFromJsonAsync<JsonNode>("/api/v1/alerts?status=triggered&limit=100"))!["items"]!.AsArray();
        open.Count.ShouldBe(1);
        open[0]!["count"]!.GetValue<int>().ShouldBe(300, "every event joined the one alert, none lost to a race between nodes");
    }
}
#endif
