using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using static Tocsin.Server.Tests.Dialects.Twilio.TwilioClient;

namespace Tocsin.Server.Tests.Dialects.Twilio;

/// <summary>Contract tests for InsightsRules from the seed (shared/seeds/twilio-flex-insights-rules-api.md).</summary>
public sealed partial class TwilioInsightsRulesTests
{
    /// <summary>The seed's request example, verbatim (its <c>task_channel_sid</c> is the literal "string").</summary>
    private const string SeedRequest = """
        {
        "rule_friendly_name": "Waiting tasks now rule",
        "metric_id": "Active (Now)",
        "task_channel_sid": "string",
        "task_queue_sids": [
        "WQ00000000000000000000000000000001"
        ],
        "active": true,
        "rule_thresholds": [
        {
        "threshold_type": "Critical",
        "threshold_operator": "Greater Than",
        "threshold_value": 5000
        }
        ],
        "notify_enabled": true,
        "notify_severity": "Critical",
        "notify_duration": 900000,
        "notify_methods_id": "flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8"
        }
        """;

    [GeneratedRegex("^QY[0-9a-f]{32}$")] private static partial Regex RuleSid();
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")] private static partial Regex IsoUtc();

    [Fact]
    public async Task Create_SeedRequestExample_Returns201WithEveryDocumentedResponseField()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);

        var response = await flex.PostJsonAsync(flex.Rules, SeedRequest);
        var rule = (await response.StatusAsync(HttpStatusCode.Created))!.AsObject();

        AssertSeedShape(rule);
        rule["sid"]!.GetValue<string>().ShouldMatch(RuleSid().ToString());
        rule["account_sid"]!.GetValue<string>().ShouldBe(flex.AccountSid);
        rule["instance_sid"]!.GetValue<string>().ShouldBe(flex.InstanceSid);
        rule["rule_friendly_name"]!.GetValue<string>().ShouldBe("Waiting tasks now rule");
        rule["metric_id"]!.GetValue<string>().ShouldBe("Active (Now)");
        rule["task_channel_sid"]!.GetValue<string>().ShouldBe("string");
        rule["task_queue_sids"]![0]!.GetValue<string>().ShouldBe("WQ00000000000000000000000000000001");
        rule["rule_thresholds"]!.ToJsonString().ShouldBe("""[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":5000}]""");
        rule["notify_severity"]!.GetValue<string>().ShouldBe("Critical");
        rule["notify_duration"]!.GetValue<long>().ShouldBe(900000);
        rule["notify_methods_id"]!.GetValue<string>().ShouldBe("flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8");
        rule["date_created"]!.GetValue<string>().ShouldBe("2026-03-28T12:00:00Z");
        rule["url"]!.GetValue<string>().ShouldBe($"{app.BaseUrl}/compat/twilio/v1/Instances/{flex.InstanceSid}/InsightsRules/{rule["sid"]}");
        foreach (var header in new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers" })
            response.Headers.Contains(header).ShouldBeTrue(header);
    }

    /// <summary>Every field of the seed's response schema, with the documented JSON type.</summary>
    private static void AssertSeedShape(JsonObject rule)
    {
        var expected = new Dictionary<string, JsonValueKind>
        {
            ["url"] = JsonValueKind.String, ["sid"] = JsonValueKind.String, ["account_sid"] = JsonValueKind.String, ["instance_sid"] = JsonValueKind.String,
            ["task_channel_sid"] = JsonValueKind.String, ["task_queue_sids"] = JsonValueKind.Array, ["rule_friendly_name"] = JsonValueKind.String,
            ["metric_id"] = JsonValueKind.String, ["active"] = JsonValueKind.True, ["rule_thresholds"] = JsonValueKind.Array,
            ["date_created"] = JsonValueKind.String, ["date_updated"] = JsonValueKind.String, ["notify_enabled"] = JsonValueKind.True,
            ["notify_severity"] = JsonValueKind.String, ["notify_duration"] = JsonValueKind.Number, ["notify_methods_id"] = JsonValueKind.String,
        };
        rule.Select(p => p.Key).Order().ShouldBe(expected.Keys.Order());
        foreach (var (name, kind) in expected)
        {
            var actual = rule[name]?.GetValueKind() ?? JsonValueKind.Null;
            if (kind == JsonValueKind.True) actual.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
            else if (name == "notify_methods_id") actual.ShouldBeOneOf(JsonValueKind.String, JsonValueKind.Null); // "string or null" and optional
            else actual.ShouldBe(kind, name);
        }
        foreach (var sid in new[] { "sid", "account_sid", "instance_sid" }) rule[sid]!.GetValue<string>().Length.ShouldBe(34);
        IsoUtc().IsMatch(rule["date_created"]!.GetValue<string>()).ShouldBeTrue();
        IsoUtc().IsMatch(rule["date_updated"]!.GetValue<string>()).ShouldBeTrue();
        rule["rule_thresholds"]![0]!["threshold_value"]!.GetValueKind().ShouldBe(JsonValueKind.Number);
    }

    [Fact]
    public async Task Flow_Create_Fetch_Update_Delete_Fetch404()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var created = await flex.CreateRuleAsync(Rule("Waiting", value: 5));
        var sid = created["sid"]!.GetValue<string>();
        var path = $"{flex.Rules}/{sid}";

        var fetched = await flex.GetAsync(path);
        fetched.ToJsonString().ShouldBe(created.ToJsonString());
        AssertSeedShape(fetched.AsObject());

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var updated = (await (await flex.PostJsonAsync(path, Rule("Waiting renamed", metric: "Longest (Now)", active: false, type: "Warning", op: "Lesser Than", value: 3, duration: 60000)))
            .StatusAsync(HttpStatusCode.OK))!;
        updated["sid"]!.GetValue<string>().ShouldBe(sid);
        updated["rule_friendly_name"]!.GetValue<string>().ShouldBe("Waiting renamed");
        updated["metric_id"]!.GetValue<string>().ShouldBe("Longest (Now)");
        updated["active"]!.GetValue<bool>().ShouldBeFalse();
        updated["notify_duration"]!.GetValue<long>().ShouldBe(60000);
        updated["rule_thresholds"]![0]!["threshold_operator"]!.GetValue<string>().ShouldBe("Lesser Than");
        updated["date_created"]!.GetValue<string>().ShouldBe(created["date_created"]!.GetValue<string>());
        updated["date_updated"]!.GetValue<string>().ShouldBe("2026-03-28T12:05:00Z");
        (await flex.GetAsync(path)).ToJsonString().ShouldBe(updated.ToJsonString());

        var deleted = await flex.Http.DeleteAsync(path);
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await deleted.Content.ReadAsStringAsync()).ShouldBeEmpty();
        await (await flex.Http.GetAsync(path)).TwilioErrorAsync(HttpStatusCode.NotFound, 20404, sid);
        await (await flex.Http.DeleteAsync(path)).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
    }

    [Fact]
    public async Task Create_ThenNativeApi_SeesCoreRuleOverMappedMetricPerQueue()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var created = await flex.CreateRuleAsync(Rule("Two queues", queues: [Queue(1), Queue(2)], value: 7, duration: 30000));
        var id = Convert.ToInt64(created["sid"]!.GetValue<string>()[2..], 16);

        var native = (await (await app.Client.GetAsync($"/api/v1/rules/{id}")).StatusAsync(HttpStatusCode.OK))!;
        native["name"]!.GetValue<string>().ShouldBe("Two queues");
        native["condition"]!.GetValue<string>().ShouldBe("max(timeAvg(flex.waiting_now)) > 7");
        native["filter"]!.GetValue<string>().ShouldBe($"task_channel_sid = 'TC00000000000000000000000000000001' and task_queue_sid in ('{Queue(1)}', '{Queue(2)}')");
        native["segmentBy"]![0]!.GetValue<string>().ShouldBe("task_queue_sid");
        native["holdDurationSeconds"]!.GetValue<long>().ShouldBe(30);
        native["critical"]!["op"]!.GetValue<string>().ShouldBe(">");
    }

    [Fact]
    public async Task List_120Rules_PageSize50_NextLinksVisitEachOnce_PreviousLinksWalkBack()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var created = new List<string>();
        for (var i = 0; i < 120; i++) created.Add((await flex.CreateRuleAsync(Rule($"rule {i:D3}")))["sid"]!.GetValue<string>());

        var seen = new List<string>();
        var pages = new List<JsonNode>();
        string? url = $"{flex.Rules}?PageSize=50";
        while (url is not null)
        {
            var page = await flex.GetAsync(url);
            pages.Add(page);
            var meta = page["meta"]!;
            meta["key"]!.GetValue<string>().ShouldBe("rules");
            meta["page_size"]!.GetValue<int>().ShouldBe(50);
            meta["page"]!.GetValue<int>().ShouldBe(pages.Count - 1);
            foreach (var k in new[] { "first_page_url", "previous_page_url", "next_page_url", "url" }) meta.AsObject().ContainsKey(k).ShouldBeTrue(k);
            seen.AddRange(page["rules"]!.AsArray().Select(r => r!["sid"]!.GetValue<string>()));
            url = meta["next_page_url"]?.GetValue<string>();
            url?.ShouldStartWith(app.BaseUrl);
        }
        pages.Count.ShouldBe(3);
        seen.ShouldBe(created); // each exactly once, in creation order (no Sort)
        pages[0]["meta"]!["previous_page_url"].ShouldBeNull();
        pages[2]["rules"]!.AsArray().Count.ShouldBe(20);

        var back = pages[2]["meta"]!["previous_page_url"]!.GetValue<string>();
        var middle = await flex.GetAsync(back);
        middle["rules"]!.ToJsonString().ShouldBe(pages[1]["rules"]!.ToJsonString());
        var first = await flex.GetAsync(middle["meta"]!["previous_page_url"]!.GetValue<string>());
        first["rules"]!.ToJsonString().ShouldBe(pages[0]["rules"]!.ToJsonString());
        (await flex.GetAsync(pages[2]["meta"]!["first_page_url"]!.GetValue<string>()))["rules"]!.ToJsonString().ShouldBe(pages[0]["rules"]!.ToJsonString());
    }

    [Fact]
    public async Task List_DefaultPage_IsSeedEnvelopeWithFiltersEchoedInLinks()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await flex.CreateRuleAsync(Rule("a"));
        var page = await flex.GetAsync($"{flex.Rules}?Active=true&Sort=rule_friendly_name&TaskQueueSids={Queue(1)}");
        var meta = page["meta"]!;
        meta["page"]!.GetValue<int>().ShouldBe(0);
        meta["page_size"]!.GetValue<int>().ShouldBe(50);
        meta["first_page_url"]!.GetValue<string>().ShouldBe($"{app.BaseUrl}{flex.Rules}?Active=true&Sort=rule_friendly_name&TaskQueueSids={Queue(1)}&PageSize=50&Page=0");
        meta["url"]!.GetValue<string>().ShouldBe(meta["first_page_url"]!.GetValue<string>());
        meta["next_page_url"].ShouldBeNull();
        AssertSeedShape(page["rules"]![0]!.AsObject());
    }

    [Fact]
    public async Task List_Sort_OrdersByFieldsAscendingAndDescending()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await flex.CreateRuleAsync(Rule("b", metric: "SLA (Today)"));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await flex.CreateRuleAsync(Rule("c", metric: "Active (Now)"));
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await flex.CreateRuleAsync(Rule("a", metric: "SLA (Today)"));

        async Task<string[]> Names(string sort) => (await flex.GetAsync($"{flex.Rules}?Sort={Uri.EscapeDataString(sort)}"))["rules"]!.AsArray()
            .Select(r => r!["rule_friendly_name"]!.GetValue<string>()).ToArray();
        (await Names("rule_friendly_name")).ShouldBe(["a", "b", "c"]);
        (await Names("-rule_friendly_name")).ShouldBe(["c", "b", "a"]);
        (await Names("-date_created")).ShouldBe(["a", "c", "b"]);
        (await Names("metric_id,-rule_friendly_name")).ShouldBe(["c", "b", "a"]);
        (await Names("date_updated")).ShouldBe(["b", "c", "a"]);
    }

    [Fact]
    public async Task List_Filters_ActiveMetricIdRepeatedAndTaskQueueSids()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await flex.CreateRuleAsync(Rule("q1 waiting", queues: [Queue(1)]));
        await flex.CreateRuleAsync(Rule("q2 sla", metric: "SLA (30 min)", queues: [Queue(2)]));
        await flex.CreateRuleAsync(Rule("q3 inactive", metric: "Longest (Now)", queues: [Queue(3), Queue(1)], active: false));

        async Task<string[]> Names(string query) => (await flex.GetAsync($"{flex.Rules}?{query}"))["rules"]!.AsArray()
            .Select(r => r!["rule_friendly_name"]!.GetValue<string>()).ToArray();
        (await Names("Active=false")).ShouldBe(["q3 inactive"]);
        (await Names("Active=true")).ShouldBe(["q1 waiting", "q2 sla"]);
        (await Names($"MetricId={Uri.EscapeDataString("SLA (30 min)")}&MetricId={Uri.EscapeDataString("Longest (Now)")}")).ShouldBe(["q2 sla", "q3 inactive"]);
        (await Names($"TaskQueueSids={Queue(1)}")).ShouldBe(["q1 waiting", "q3 inactive"]);
        (await Names($"TaskQueueSids={Queue(2)}&TaskQueueSids={Queue(3)}")).ShouldBe(["q2 sla", "q3 inactive"]);
        (await Names($"Active=true&TaskQueueSids={Queue(1)}")).ShouldBe(["q1 waiting"]);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "missing rule_friendly_name", """{"metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":false}""", "rule_friendly_name" },
        { "missing active", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":false}""", "active" },
        { "missing notify_enabled", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}]}""", "notify_enabled" },
        { "unknown metric", """{"rule_friendly_name":"x","metric_id":"Waiting (now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":false}""", "metric_id" },
        { "operator typo", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Less Than","threshold_value":1}],"notify_enabled":false}""", "rule_thresholds[0].threshold_operator" },
        { "unknown threshold type", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Major","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":false}""", "rule_thresholds[0].threshold_type" },
        { "fractional threshold", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1.5}],"notify_enabled":false}""", "threshold_value" },
        { "bad queue SID", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ123"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":false}""", "task_queue_sids[0]" },
        { "unknown severity", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":true,"notify_severity":"High"}""", "notify_severity" },
        { "negative duration", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":true,"notify_duration":-1}""", "notify_duration" },
        { "bad ttid", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,"rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":1}],"notify_enabled":true,"notify_methods_id":"abc"}""", "notify_methods_id" },
        { "active not a boolean", """{"rule_friendly_name":"x","metric_id":"Waiting (Now)","task_channel_sid":"TC1","task_queue_sids":["WQ00000000000000000000000000000001"],"active":"yes","rule_thresholds":[],"notify_enabled":true}""", "active" },
        { "malformed JSON", """{"rule_friendly_name":""", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task CreateAndUpdate_BadBody_Return400InTwilioFormatNamingTheParameter(string because, string json, string parameter)
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await (await flex.PostJsonAsync(flex.Rules, json)).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, parameter);
        var sid = (await flex.CreateRuleAsync(Rule("existing")))["sid"]!.GetValue<string>();
        await (await flex.PostJsonAsync($"{flex.Rules}/{sid}", json)).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, parameter);
        because.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Create_FormEncodedBody_Returns400NamingContentType()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["RuleFriendlyName"] = "x", ["MetricId"] = "Waiting (Now)" });
        await (await flex.Http.PostAsync(flex.Rules, form)).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, "Content-Type");
    }

    [Fact]
    public async Task Create_DuplicateFriendlyName_Returns400NamingIt()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await flex.CreateRuleAsync(Rule("same"));
        await (await flex.PostJsonAsync(flex.Rules, Rule("same"))).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, "rule_friendly_name");
    }

    [Theory]
    [InlineData("PageSize=1001", "PageSize")]
    [InlineData("PageSize=0", "PageSize")]
    [InlineData("PageSize=ten", "PageSize")]
    [InlineData("Page=-1", "Page")]
    [InlineData("PageToken=bogus", "PageToken")]
    [InlineData("Active=maybe", "Active")]
    [InlineData("MetricId=Waiting", "MetricId")]
    [InlineData("TaskQueueSids=WQ1", "TaskQueueSids")]
    [InlineData("Sort=sid", "Sort")]
    [InlineData("Sort=-active", "Sort")]
    public async Task List_BadQuery_Returns400NamingTheParameter(string query, string parameter)
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await (await flex.Http.GetAsync($"{flex.Rules}?{query}")).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, parameter);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("DELETE")]
    public async Task RuleEndpoints_BadSidFormat_Return400_UnknownSid_Return404(string method)
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        HttpRequestMessage Request(string sid) => new(new HttpMethod(method), $"{flex.Rules}/{sid}")
        {
            Content = method == "POST" ? new StringContent(JsonSerializer.Serialize(Rule("x")), Encoding.UTF8, "application/json") : null,
        };
        await (await flex.Http.SendAsync(Request("QY123"))).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, "Sid");
        await (await flex.Http.SendAsync(Request("XX" + new string('0', 32)))).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, "Sid");
        await (await flex.Http.SendAsync(Request("QY" + 424242L.ToString("x32")))).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        await (await flex.Http.SendAsync(Request("QY" + new string('f', 32)))).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
    }

    [Fact]
    public async Task AnyEndpoint_BadInstanceSid_Returns400_UnknownInstance_Returns404()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        await (await flex.Http.GetAsync("/compat/twilio/v1/Instances/GO123/InsightsRules")).TwilioErrorAsync(HttpStatusCode.BadRequest, 20001, "InstanceSid");
        await (await flex.Http.GetAsync($"/compat/twilio/v1/Instances/GO{Guid.NewGuid():N}/InsightsRules")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        await (await flex.Http.GetAsync("/compat/twilio/v1/Nope")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
    }

    [Fact]
    public async Task Auth_MissingOrWrongCredentials_Return401_20003()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var anonymous = app.CreateClient(null);
        await (await anonymous.GetAsync(flex.Rules)).TwilioErrorAsync(HttpStatusCode.Unauthorized, 20003);

        var bearer = app.CreateClient(TocsinApp.AdminKey); // Twilio clients speak Basic only
        await (await bearer.GetAsync(flex.Rules)).TwilioErrorAsync(HttpStatusCode.Unauthorized, 20003);

        var wrongKey = app.CreateClient(null);
        wrongKey.DefaultRequestHeaders.Authorization = Basic(flex.AccountSid, "not-a-key");
        await (await wrongKey.GetAsync(flex.Rules)).TwilioErrorAsync(HttpStatusCode.Unauthorized, 20003);

        var wrongAccount = app.CreateClient(null);
        wrongAccount.DefaultRequestHeaders.Authorization = Basic("AC" + Guid.NewGuid().ToString("N"), TocsinApp.AdminKey);
        await (await wrongAccount.GetAsync(flex.Rules)).TwilioErrorAsync(HttpStatusCode.Unauthorized, 20003);

        var apiKeySid = app.CreateClient(null);
        apiKeySid.DefaultRequestHeaders.Authorization = Basic("SK" + new string('a', 32), TocsinApp.AdminKey);
        (await apiKeySid.GetAsync(flex.Rules)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Auth_ReadOnlyKey_CanListButNotCreate()
    {
        await using var app = await TocsinApp.StartAsync();
        var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        var flex = await ForAsync(app, reader);
        (await flex.Http.GetAsync(flex.Rules)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await flex.PostJsonAsync(flex.Rules, Rule("x"))).TwilioErrorAsync(HttpStatusCode.Forbidden, 20403);
    }

    [Fact]
    public async Task TenantIsolation_OtherTenantsInstanceAndRules_AreNotFound()
    {
        await using var app = await TocsinApp.StartAsync();
        var mine = await ForAsync(app);
        var theirs = await ForAsync(app, await app.OtherTenantClientAsync());
        mine.AccountSid.ShouldNotBe(theirs.AccountSid);
        var sid = (await mine.CreateRuleAsync(Rule("mine")))["sid"]!.GetValue<string>();

        await (await theirs.Http.GetAsync(mine.Rules)).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        await (await theirs.Http.GetAsync($"{theirs.Rules}/{sid}")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        await (await theirs.Http.DeleteAsync($"{theirs.Rules}/{sid}")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
        (await theirs.GetAsync(theirs.Rules))["rules"]!.AsArray().Count.ShouldBe(0);
        (await mine.GetAsync($"{mine.Rules}/{sid}"))["sid"]!.GetValue<string>().ShouldBe(sid);
    }

    [Fact]
    public async Task Instances_CreatedThroughNativeApi_HoldTheirOwnRules()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var created = (await (await app.Client.PostAsync("/api/v1/tenant/twilio/instances", null)).StatusAsync(HttpStatusCode.Created))!;
        var second = created["instanceSid"]!.GetValue<string>();
        created["accountSid"]!.GetValue<string>().ShouldBe(flex.AccountSid);
        var tenant = (await (await app.Client.GetAsync("/api/v1/tenant")).StatusAsync(HttpStatusCode.OK))!;
        tenant["twilio"]!["instanceSids"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe([flex.InstanceSid, second]);

        var other = new TwilioClient(flex.Http, flex.AccountSid, second);
        var sid = (await other.CreateRuleAsync(Rule("on second")))["sid"]!.GetValue<string>();
        (await flex.GetAsync(flex.Rules))["rules"]!.AsArray().Count.ShouldBe(0);
        (await other.GetAsync(other.Rules))["rules"]!.AsArray().Count.ShouldBe(1);
        await (await flex.Http.GetAsync($"{flex.Rules}/{sid}")).TwilioErrorAsync(HttpStatusCode.NotFound, 20404);
    }

    [Fact]
    public async Task Preflight_Options_AnswersCorsWithoutCredentials()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.CreateClient(null).SendAsync(new HttpRequestMessage(HttpMethod.Options, $"/compat/twilio/v1/Instances/GO{Guid.NewGuid():N}/InsightsRules"));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }
}
