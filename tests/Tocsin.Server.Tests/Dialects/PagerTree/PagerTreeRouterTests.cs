using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Dialects.PagerTree;

/// <summary>Routers (#10): native CRUD, PagerTree's /router, and alerts sent to rtr_ landing where the first matching rule says.</summary>
public sealed class PagerTreeRouterTests
{
    private static async Task<(TocsinApp App, long Alice, long Bob, long Carol, long Db, long Web)> StartAsync()
    {
        var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var carol = await app.UserAsync("Carol");
        var db = await app.TeamAsync("Database", alice);
        var web = await app.TeamAsync("Web", bob);
        return (app, alice, bob, carol, db, web);
    }

    /// <summary>critical+database → Database team; tag web → Web team; meta region=eu → Carol; default Carol.</summary>
    private static async Task<long> NativeRouterAsync(TocsinApp app, long db, long web, long carol, bool withDefault = true)
    {
        var body = new JsonObject
        {
            ["name"] = "Main",
            ["rules"] = new JsonArray(
                new JsonObject
                {
                    ["conditions"] = new JsonArray(
                        new JsonObject { ["field"] = "title", ["op"] = "contains", ["value"] = "database" },
                        new JsonObject { ["field"] = "urgency", ["op"] = "in", ["values"] = new JsonArray("high", "critical") }),
                    ["target"] = new JsonObject { ["kind"] = "team", ["id"] = db },
                },
                new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["field"] = "tags", ["op"] = "equals", ["value"] = "web" }),
                    ["target"] = new JsonObject { ["kind"] = "team", ["id"] = web },
                },
                new JsonObject
                {
                    ["conditions"] = new JsonArray(new JsonObject { ["field"] = "meta", ["key"] = "region", ["op"] = "regex", ["value"] = "^eu-" }),
                    ["target"] = new JsonObject { ["kind"] = "user", ["id"] = carol },
                }),
        };
        if (withDefault) body["default"] = new JsonObject { ["kind"] = "user", ["id"] = carol };
        return (await app.Client.PostOkAsync("/api/v1/routers", body))["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task NativeRouters_Crud_RoundTrips()
    {
        var (app, _, _, carol, db, web) = await StartAsync();
        await using var _ = app;
        var id = await NativeRouterAsync(app, db, web, carol);
        var got = (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/routers/{id}"))!;
        got["name"]!.GetValue<string>().ShouldBe("Main");
        got["enabled"]!.GetValue<bool>().ShouldBeTrue();
        got["rules"]!.AsArray().Count.ShouldBe(3);
        got["rules"]![0]!["conditions"]![1]!["values"]!.AsArray().Select(v => v!.GetValue<string>()).ShouldBe(["high", "critical"]);
        got["rules"]![2]!["conditions"]![0]!["key"]!.GetValue<string>().ShouldBe("region");
        got["default"]!["kind"]!.GetValue<string>().ShouldBe("user");
        (await app.Client.GetFromJsonAsync<JsonNode>("/api/v1/routers"))!["items"]!.AsArray().Count.ShouldBe(1);

        var put = await app.Client.PutAsJsonAsync($"/api/v1/routers/{id}", new { name = "Renamed", enabled = false, rules = Array.Empty<object>() });
        (await put.StatusAsync(HttpStatusCode.OK))!["name"]!.GetValue<string>().ShouldBe("Renamed");
        (await app.Client.DeleteAsync($"/api/v1/routers/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.Client.GetAsync($"/api/v1/routers/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Client.DeleteAsync($"/api/v1/routers/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> BadRouters => new()
    {
        { """{"rules":[]}""", "name" },
        { """{"name":"r","rules":[{"conditions":[],"target":{"kind":"schedule","id":1}}]}""", "rules[0].target.kind" },
        { """{"name":"r","rules":[{"conditions":[]}]}""", "rules[0].target" },
        { """{"name":"r","rules":[{"conditions":[{"field":"colour","op":"equals","value":"x"}],"target":{"kind":"user","id":1}}]}""", "rules[0].conditions[0].field" },
        { """{"name":"r","rules":[{"conditions":[{"field":"title","op":"like","value":"x"}],"target":{"kind":"user","id":1}}]}""", "rules[0].conditions[0].op" },
        { """{"name":"r","rules":[{"conditions":[{"field":"title","op":"regex","value":"("}],"target":{"kind":"user","id":1}}]}""", "rules[0].conditions[0].value" },
        { """{"name":"r","rules":[{"conditions":[{"field":"meta","op":"equals","value":"x"}],"target":{"kind":"user","id":1}}]}""", "rules[0].conditions[0].key" },
        { """{"name":"r","rules":[{"conditions":[{"field":"title","op":"in","value":"x"}],"target":{"kind":"user","id":1}}]}""", "rules[0].conditions[0].value" },
        { """{"name":"r","rules":[{"conditions":[],"target":{"kind":"user","id":999}}]}""", "rules[0].target" },
        { """{"name":"r","default":{"kind":"team","id":999}}""", "default" },
        { """{"name":"r","default":{"kind":"team","id":0}}""", "default.id" },
    };

    [Theory]
    [MemberData(nameof(BadRouters))]
    public async Task NativeRouters_BadInput_ProblemNamesField(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var r = await app.Client.PostAsync("/api/v1/routers", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        await r.ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task NativeRouters_InOpenApi()
    {
        await using var app = await TocsinApp.StartAsync();
        var doc = (await app.Client.GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!;
        doc["paths"]!["/api/v1/routers"]!["post"].ShouldNotBeNull();
        doc["paths"]!["/api/v1/routers/{id}"]!["put"].ShouldNotBeNull();
        doc["components"]!["schemas"]!["RouterRequest"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Create_ViaRouter_LandsOnFirstMatchingRule()
    {
        var (app, alice, _, carol, db, web) = await StartAsync();
        await using var _ = app;
        var router = await NativeRouterAsync(app, db, web, carol);
        var pt = app.PagerTree();

        var toDb = await pt.CreateAsync($$"""{"title":"Database down","urgency":"critical","tags":["web"],"destination_ids":["rtr_{{router}}"]}""");
        toDb["d_team_id"]!.GetValue<string>().ShouldBe($"tem_{db}", "rule 1 matches before rule 2");
        toDb["destination_ids"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([$"rtr_{router}"]);
        var toWeb = await pt.CreateAsync($$"""{"title":"Database slow","urgency":"low","tags":["web"],"destination_ids":["rtr_{{router}}"]}""");
        toWeb["d_team_id"]!.GetValue<string>().ShouldBe($"tem_{web}");
        var toCarol = await pt.CreateAsync($$"""{"title":"x","meta":{"region":"eu-west"},"destination_ids":["rtr_{{router}}"]}""");
        toCarol["d_user_id"]!.GetValue<string>().ShouldBe($"usr_{carol}");
        toCarol["d_team_id"].ShouldBeNull();
        var fallback = await pt.CreateAsync($$"""{"title":"nothing special","destination_ids":["rtr_{{router}}"]}""");
        fallback["d_user_id"]!.GetValue<string>().ShouldBe($"usr_{carol}", "the default");

        // The Database team (Alice) is paged: the router's pick escalates like a tem_ destination.
        await app.RunEscalationAsync();
        (await app.PagesAsync(toDb.Number())).ShouldContain(p => p.EndsWith($":{alice}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ViaRouterNoMatchNoDefault_400NamingDestinationIds()
    {
        var (app, _, _, carol, db, web) = await StartAsync();
        await using var _ = app;
        var router = await NativeRouterAsync(app, db, web, carol, withDefault: false);
        var message = await (await app.PagerTree().SendJsonAsync(HttpMethod.Post, "/alert", $$"""{"title":"plain","destination_ids":["rtr_{{router}}"]}"""))
            .PagerTreeErrorAsync(HttpStatusCode.BadRequest);
        message.ShouldContain("destination_ids");
        message.ShouldContain("no rule matching");
        (await app.PagerTree().OkAsync(HttpMethod.Get, "/alert"))["total_count"]!.GetValue<long>().ShouldBe(0, "nothing was created");
    }

    [Fact]
    public async Task Create_UnknownOrOtherTenantRouter_400()
    {
        var (app, _, _, carol, db, web) = await StartAsync();
        await using var _ = app;
        var router = await NativeRouterAsync(app, db, web, carol);
        (await (await app.PagerTree().SendJsonAsync(HttpMethod.Post, "/alert", """{"title":"t","destination_ids":["rtr_999"]}"""))
            .PagerTreeErrorAsync(HttpStatusCode.BadRequest)).ShouldBe("'destination_ids' names rtr_999: router 999 does not exist");
        var other = await app.OtherTenantClientAsync();
        var otherKey = other.DefaultRequestHeaders.Authorization!.Parameter!;
        (await (await app.PagerTree(otherKey).SendJsonAsync(HttpMethod.Post, "/alert", $$"""{"title":"t","destination_ids":["rtr_{{router}}"]}"""))
            .PagerTreeErrorAsync(HttpStatusCode.BadRequest)).ShouldContain("does not exist");
        (await other.GetAsync($"/api/v1/routers/{router}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.PagerTree(otherKey).OkAsync(HttpMethod.Get, "/router"))["total_count"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task PagerTreeRouter_CreateWithRulesString_RoutesAndLists()
    {
        var (app, _, bob, _, db, _) = await StartAsync();
        await using var _ = app;
        var pt = app.PagerTree();
        var rules = $$$"""[{"match":{"alert.urgency":{"$in":["high","critical"]},"alert.title":{"$regex":"^db","$options":"i"}},"actions":[{"type":"assign","receiver":"tem_{{{db}}}"}]}]""";
        var body = new JsonObject { ["name"] = "PT", ["type"] = "router", ["default_receiver"] = $"usr_{bob}", ["rules"] = rules };
        var router = await pt.OkAsync(HttpMethod.Post, "/router", body.ToJsonString());
        router["id"]!.GetValue<string>().ShouldStartWith("rtr_");
        router["sid"]!.GetValue<string>().ShouldStartWith("acc_");
        router["enabled"]!.GetValue<bool>().ShouldBeTrue();
        router["type"]!.GetValue<string>().ShouldBe("router");
        router["default_receiver"]!.GetValue<string>().ShouldBe($"usr_{bob}");
        var echoed = JsonNode.Parse(router["rules"]!.GetValue<string>())!;
        echoed[0]!["actions"]![0]!["receiver"]!.GetValue<string>().ShouldBe($"tem_{db}");
        foreach (var f in new[] { "meta", "tinyId", "createdAt", "updatedAt", "name" }) router.AsObject().ContainsKey(f).ShouldBeTrue(f);

        var id = router["id"]!.GetValue<string>();
        (await pt.CreateAsync($$"""{"title":"DB replica lag","urgency":"high","destination_ids":["{{id}}"]}"""))["d_team_id"]!.GetValue<string>().ShouldBe($"tem_{db}");
        (await pt.CreateAsync($$"""{"title":"DB replica lag","urgency":"low","destination_ids":["{{id}}"]}"""))["d_user_id"]!.GetValue<string>().ShouldBe($"usr_{bob}");

        var list = await pt.OkAsync(HttpMethod.Get, "/router?limit=1");
        list["data"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe(id);
        list["has_more"]!.GetValue<bool>().ShouldBeFalse();
        list["total_count"]!.GetValue<long>().ShouldBe(1);
        // The same router through the native API.
        var native = (await app.Client.GetFromJsonAsync<JsonNode>($"/api/v1/routers/{id["rtr_".Length..]}"))!;
        native["rules"]![0]!["conditions"]!.AsArray().Count.ShouldBe(2);
    }

    public static TheoryData<string, string> BadPagerTreeRouters => new()
    {
        { """{"rules":"[]"}""", "'name'" },
        { """{"name":"r","type":"notification"}""", "'type'" },
        { """{"name":"r","type":"pager"}""", "'type'" },
        { """{"name":"r","default_receiver":"skd_1"}""", "'default_receiver'" },
        { """{"name":"r","default_receiver":"usr_999"}""", "'default_receiver' user 999 does not exist" },
        { """{"name":"r","rules":"rules:\n  - match: {}"}""", "'rules'" },
        { """{"name":"r","rules":[{"match":{"alert.colour":"red"},"actions":[{"type":"assign","receiver":"usr_1"}]}]}""", "alert.colour" },
        { """{"name":"r","rules":[{"match":{"alert.title":{"$gt":"a"}},"actions":[{"type":"assign","receiver":"usr_1"}]}]}""", "$gt" },
        { """{"name":"r","rules":[{"match":{},"actions":[]}]}""", "'rules[0].actions'" },
        { """{"name":"r","rules":[{"match":{},"actions":[{"type":"assign","receiver":"rtr_1"}]}]}""", "receiver" },
        { """{"name":"r","rules":[{"match":{"alert.title":{"$regex":"("}},"actions":[{"type":"assign","receiver":"usr_1"}]}]}""", "regular expression" },
        { """{"name":5}""", "name" },
    };

    [Theory]
    [MemberData(nameof(BadPagerTreeRouters))]
    public async Task PagerTreeRouter_BadInput_400InPagerTreeShape(string json, string expected)
    {
        await using var app = await TocsinApp.StartAsync();
        await app.UserAsync("Alice");
        var message = await (await app.PagerTree().SendJsonAsync(HttpMethod.Post, "/router", json)).PagerTreeErrorAsync(HttpStatusCode.BadRequest);
        message.ShouldContain(expected);
    }
}
