using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Dialects.PagerTree;

/// <summary>PagerTree's /user and /team resources (#10): shapes per the OpenAPI document, mapping onto the directory and schedules.</summary>
public sealed class PagerTreeDirectoryTests
{
    /// <summary>Base + UserBase + User of PagerTree's OpenAPI, with the types we emit (password and slack are not).</summary>
    private static readonly (string Name, string Type)[] UserFields =
    [
        ("sid", "string"), ("id", "string"), ("meta", "object"), ("tinyId", "number"), ("createdAt", "string"), ("updatedAt", "string"),
        ("name", "string"), ("emails", "array"), ("avatar", "string"), ("phones", "array"), ("router_id", "string"),
        ("preferences", "object"), ("roles", "object"),
    ];

    private static readonly (string Name, string Type)[] TeamFields =
    [
        ("sid", "string"), ("id", "string"), ("meta", "object"), ("tinyId", "number"), ("createdAt", "string"), ("updatedAt", "string"),
        ("name", "string"), ("admin_ids", "array"), ("member_user_ids", "array"), ("router_id", "string"), ("schedule_id", "string"),
        ("stakeholder_ids", "array"),
    ];

    private static readonly (string Name, string Type)[] EventFields =
    [
        ("sid", "string"), ("id", "string"), ("meta", "object"), ("schedule_id", "string"), ("attendees", "array"), ("layer", "number"),
        ("start", "number"), ("end", "number"), ("repeat", "boolean"), ("timezone", "string"),
    ];

    private static void ShouldHave(JsonNode node, (string Name, string Type)[] fields)
    {
        foreach (var (name, type) in fields)
        {
            node.AsObject().ContainsKey(name).ShouldBeTrue($"field {name} missing");
            PagerTreeOpenApi.HasType(node[name], type).ShouldBeTrue($"{name} should be {type}: {node[name]?.ToJsonString()}");
        }
    }

    private static Task<JsonNode> CreateUserAsync(HttpClient pt, string name) =>
        pt.OkAsync(HttpMethod.Post, "/user", $$"""{"name":"{{name}}","emails":[{"email":"{{name.ToLowerInvariant()}}@example.com"}]}""");

    [Fact]
    public async Task CreateUser_Full_ReturnsPagerTreeUser()
    {
        await using var app = await TocsinApp.StartAsync();
        var pt = app.PagerTree();
        var user = await pt.OkAsync(HttpMethod.Post, "/user", """
            {"name":"Ann","emails":[{"email":"ann@example.com"}],"phones":[{"phone":"+4930123456"}],
             "preferences":{"timezone":"Europe/Berlin","locale":"de"},"roles":{"admin":true}}
            """);
        ShouldHave(user, UserFields);
        var id = user["id"]!.GetValue<string>();
        id.ShouldStartWith("usr_");
        user["sid"]!.GetValue<string>().ShouldStartWith("acc_");
        user["emails"]![0]!["email"]!.GetValue<string>().ShouldBe("ann@example.com");
        user["phones"]![0]!["phone"]!.GetValue<string>().ShouldBe("+4930123456");
        user["preferences"]!["timezone"]!.GetValue<string>().ShouldBe("Europe/Berlin");
        user["roles"]!["admin"]!.GetValue<bool>().ShouldBeTrue();

        (await pt.OkAsync(HttpMethod.Get, $"/user/{id}"))["name"]!.GetValue<string>().ShouldBe("Ann");
        // The same person in the native API, under the same number.
        var native = (await (await app.Client.GetAsync($"/api/v1/users/{id["usr_".Length..]}")).StatusAsync(HttpStatusCode.OK))!;
        native["email"]!.GetValue<string>().ShouldBe("ann@example.com");
        native["role"]!.GetValue<string>().ShouldBe("admin");
    }

    [Fact]
    public async Task ListUsers_Paging_HasMoreAndTotal()
    {
        await using var app = await TocsinApp.StartAsync();
        var pt = app.PagerTree();
        foreach (var n in new[] { "A", "B", "C" }) await CreateUserAsync(pt, n);
        var page = await pt.OkAsync(HttpMethod.Get, "/user?limit=2");
        page["data"]!.AsArray().Count.ShouldBe(2);
        page["has_more"]!.GetValue<bool>().ShouldBeTrue();
        page["total_count"]!.GetValue<long>().ShouldBe(3);
        ShouldHave(page["data"]![0]!, UserFields);
        var last = await pt.OkAsync(HttpMethod.Get, "/user?limit=2&page=2");
        last["data"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("C");
        last["has_more"]!.GetValue<bool>().ShouldBeFalse();
        (await pt.OkAsync(HttpMethod.Get, "/user?offset=1&limit=1"))["data"]![0]!["name"]!.GetValue<string>().ShouldBe("B");
    }

    [Fact]
    public async Task CreateTeam_AdminsAndMembers_RetrieveListMembers()
    {
        await using var app = await TocsinApp.StartAsync();
        var pt = app.PagerTree();
        var ann = (await CreateUserAsync(pt, "Ann"))["id"]!.GetValue<string>();
        var ben = (await CreateUserAsync(pt, "Ben"))["id"]!.GetValue<string>();
        var team = await pt.OkAsync(HttpMethod.Post, "/team", $$"""{"name":"Ops","admin_ids":["{{ann}}"],"member_user_ids":["{{ann}}","{{ben}}"]}""");
        ShouldHave(team, TeamFields);
        var id = team["id"]!.GetValue<string>();
        id.ShouldStartWith("tem_");
        team["admin_ids"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([ann]);
        team["member_user_ids"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([ann, ben]);

        (await pt.OkAsync(HttpMethod.Get, $"/team/{id}"))["name"]!.GetValue<string>().ShouldBe("Ops");
        var list = await pt.OkAsync(HttpMethod.Get, "/team");
        list["total_count"]!.GetValue<long>().ShouldBe(1);
        ShouldHave(list["data"]![0]!, TeamFields);
        var members = await pt.OkAsync(HttpMethod.Get, $"/team/{id}/members");
        members["data"]!.AsArray().Select(u => u!["id"]!.GetValue<string>()).ShouldBe([ann, ben]);
        members["total_count"]!.GetValue<long>().ShouldBe(2);
        ShouldHave(members["data"]![0]!, UserFields);
        var paged = await pt.OkAsync(HttpMethod.Get, $"/team/{id}/members?limit=1");
        paged["has_more"]!.GetValue<bool>().ShouldBeTrue();

        // The ids it hands out are destinations: an alert to the new team pages its members.
        var alert = await pt.CreateAsync($$"""{"title":"from the PagerTree directory","destination_ids":["{{id}}"]}""");
        alert["d_team_id"]!.GetValue<string>().ShouldBe(id);
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert.Number())).Length.ShouldBe(2);
    }

    [Fact]
    public async Task CurrentOnCall_TeamWithSchedule_ReflectsWhoIsOnCallNow()
    {
        await using var app = await TocsinApp.StartAsync();
        app.Clock.SetUtcNow(DateTimeOffset.Parse("2026-03-28T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var carol = await app.UserAsync("Carol");
        var schedule = (await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops rota",
            timeZone = "Europe/Berlin",
            layers = new[] { new { users = new[] { alice, bob }, start = "2026-03-27T09:00:00+01:00", shiftLength = new { unit = "days", count = 1 }, handoffTime = "09:00" } },
        }))["id"]!.GetValue<long>();
        var team = (await app.Client.PostOkAsync("/api/v1/teams", new
        {
            name = "Ops",
            members = new object[] { new { kind = "schedule", id = schedule, role = "member" }, new { kind = "user", id = carol, role = "lead" } },
        }))["id"]!.GetValue<long>();
        var pt = app.PagerTree();

        var events = (await pt.OkAsync(HttpMethod.Get, $"/team/tem_{team}/current-oncall")).AsArray();
        events.Count.ShouldBe(2);
        foreach (var e in events) ShouldHave(e!, EventFields);
        var fromSchedule = events.Single(e => e!["meta"]!["kind"]!.GetValue<string>() == "schedule")!;
        fromSchedule["attendees"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([$"usr_{bob}"], "day 2 of the daily rotation");
        fromSchedule["start"]!.GetValue<long>().ShouldBe(DateTimeOffset.Parse("2026-03-28T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        fromSchedule["end"]!.GetValue<long>().ShouldBe(DateTimeOffset.Parse("2026-03-29T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(), "09:00 CEST after the DST change");
        fromSchedule["timezone"]!.GetValue<string>().ShouldBe("Europe/Berlin");
        events.Single(e => e!["meta"]!["kind"]!.GetValue<string>() == "team_members")!["attendees"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe([$"usr_{carol}"]);

        app.Clock.Advance(TimeSpan.FromDays(1));
        var next = (await pt.OkAsync(HttpMethod.Get, $"/team/tem_{team}/current-oncall")).AsArray();
        next.Single(e => e!["meta"]!["kind"]!.GetValue<string>() == "schedule")!["attendees"]![0]!.GetValue<string>().ShouldBe($"usr_{alice}");
        // Team members of a team with a schedule: only users are PagerTree users.
        (await pt.OkAsync(HttpMethod.Get, $"/team/tem_{team}/members"))["data"]!.AsArray().Single()!["id"]!.GetValue<string>().ShouldBe($"usr_{carol}");
    }

    public static TheoryData<string, string, string, HttpStatusCode, string> BadInput => new()
    {
        { "POST", "/user", """{"emails":[{"email":"a@example.com"}]}""", HttpStatusCode.BadRequest, "'name' is a required parameter" },
        { "POST", "/user", """{"name":"A"}""", HttpStatusCode.BadRequest, "'emails'" },
        { "POST", "/user", """{"name":"A","emails":[{"email":"not-an-email"}]}""", HttpStatusCode.BadRequest, "'emails[0].email'" },
        { "POST", "/user", """{"name":"A","emails":[{"email":"a@example.com"},{"email":"b@example.com"}]}""", HttpStatusCode.BadRequest, "one email" },
        { "POST", "/user", """{"name":"A","emails":[{"email":"a@example.com"}],"phones":[{"phone":"12"}]}""", HttpStatusCode.BadRequest, "'phones[0].phone'" },
        { "POST", "/user", """{"name":"A","emails":[{"email":"a@example.com"}],"preferences":{"timezone":"Mars/Base"}}""", HttpStatusCode.BadRequest, "'preferences.timezone'" },
        { "POST", "/user", """{"name":"A","emails":[{"email":"alice@example.com"}]}""", HttpStatusCode.Conflict, "alice@example.com" },
        { "POST", "/user", """{"name":"A","emails":"a@example.com"}""", HttpStatusCode.BadRequest, "emails" },
        { "POST", "/user", """{"name":""", HttpStatusCode.BadRequest, "JSON" },
        { "GET", "/user/usr_999", null!, HttpStatusCode.NotFound, "user not found" },
        { "GET", "/user/tem_1", null!, HttpStatusCode.NotFound, "user not found" },
        { "GET", "/user?limit=0", null!, HttpStatusCode.BadRequest, "'limit'" },
        { "GET", "/user?page=x", null!, HttpStatusCode.BadRequest, "'page'" },
        { "POST", "/team", """{"member_user_ids":[]}""", HttpStatusCode.BadRequest, "'name' is a required parameter" },
        { "POST", "/team", """{"name":"T","member_user_ids":["tem_1"]}""", HttpStatusCode.BadRequest, "'member_user_ids[0]'" },
        { "POST", "/team", """{"name":"T","admin_ids":["usr_999"]}""", HttpStatusCode.BadRequest, "'admin_ids[0]' names usr_999, which does not exist" },
        { "POST", "/team", """{"name":"T","member_user_ids":"usr_1"}""", HttpStatusCode.BadRequest, "member_user_ids" },
        { "GET", "/team/tem_999", null!, HttpStatusCode.NotFound, "team not found" },
        { "GET", "/team/abc", null!, HttpStatusCode.NotFound, "team not found" },
        { "GET", "/team?limit=101", null!, HttpStatusCode.BadRequest, "'limit'" },
        { "GET", "/team/tem_999/current-oncall", null!, HttpStatusCode.NotFound, "team not found" },
        { "GET", "/team/x/current-oncall", null!, HttpStatusCode.NotFound, "team not found" },
        { "GET", "/team/tem_999/members", null!, HttpStatusCode.NotFound, "team not found" },
        { "GET", "/router?offset=-1", null!, HttpStatusCode.BadRequest, "'offset'" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task DirectoryEndpoint_BadInput_PagerTreeError(string method, string path, string? json, HttpStatusCode status, string expected)
    {
        await using var app = await TocsinApp.StartAsync();
        await app.UserAsync("Alice");
        var message = await (await app.PagerTree().SendJsonAsync(new HttpMethod(method), path, json)).PagerTreeErrorAsync(status);
        message.ShouldContain(expected);
    }

    [Theory]
    [InlineData("GET", "/user")]
    [InlineData("POST", "/user")]
    [InlineData("GET", "/team")]
    [InlineData("POST", "/team")]
    [InlineData("GET", "/team/tem_1/current-oncall")]
    [InlineData("GET", "/team/tem_1/members")]
    [InlineData("GET", "/router")]
    [InlineData("POST", "/router")]
    public async Task DirectoryEndpoint_NoCredentials_401InPagerTreeShape(string method, string path)
    {
        await using var app = await TocsinApp.StartAsync();
        (await (await app.CreateClient(null).SendJsonAsync(new HttpMethod(method), path, "{}")).PagerTreeErrorAsync(HttpStatusCode.Unauthorized))
            .ShouldContain("token");
    }

    [Fact]
    public async Task Writes_ReadOnlyKey_403()
    {
        await using var app = await TocsinApp.StartAsync();
        var tenant = await app.DefaultTenantAsync();
        var (_, secret) = await app.Services.GetRequiredService<TenantService>().CreateKeyAsync(tenant, "ro", [Permission.AlertsRead], null, default);
        var pt = app.PagerTree(secret);
        (await pt.OkAsync(HttpMethod.Get, "/user"))["total_count"]!.GetValue<long>().ShouldBe(0);
        await (await pt.SendJsonAsync(HttpMethod.Post, "/user", """{"name":"A","emails":[{"email":"a@example.com"}]}""")).PagerTreeErrorAsync(HttpStatusCode.Forbidden);
        await (await pt.SendJsonAsync(HttpMethod.Post, "/team", """{"name":"T"}""")).PagerTreeErrorAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UsersAndTeams_OtherTenant_NotVisible()
    {
        await using var app = await TocsinApp.StartAsync();
        var pt = app.PagerTree();
        var ann = (await CreateUserAsync(pt, "Ann"))["id"]!.GetValue<string>();
        var team = (await pt.OkAsync(HttpMethod.Post, "/team", $$"""{"name":"Ops","member_user_ids":["{{ann}}"]}"""))["id"]!.GetValue<string>();
        var other = app.PagerTree((await app.OtherTenantClientAsync()).DefaultRequestHeaders.Authorization!.Parameter!);

        (await other.OkAsync(HttpMethod.Get, "/user"))["total_count"]!.GetValue<long>().ShouldBe(0);
        (await other.OkAsync(HttpMethod.Get, "/team"))["total_count"]!.GetValue<long>().ShouldBe(0);
        await (await other.SendJsonAsync(HttpMethod.Get, $"/user/{ann}", null)).PagerTreeErrorAsync(HttpStatusCode.NotFound);
        await (await other.SendJsonAsync(HttpMethod.Get, $"/team/{team}", null)).PagerTreeErrorAsync(HttpStatusCode.NotFound);
        await (await other.SendJsonAsync(HttpMethod.Get, $"/team/{team}/members", null)).PagerTreeErrorAsync(HttpStatusCode.NotFound);
        await (await other.SendJsonAsync(HttpMethod.Get, $"/team/{team}/current-oncall", null)).PagerTreeErrorAsync(HttpStatusCode.NotFound);
        (await (await other.SendJsonAsync(HttpMethod.Post, "/team", $$"""{"name":"Steal","member_user_ids":["{{ann}}"]}""")).PagerTreeErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("does not exist");
        (await (await other.SendJsonAsync(HttpMethod.Post, "/alert", $$"""{"title":"t","destination_ids":["{{team}}"]}""")).PagerTreeErrorAsync(HttpStatusCode.BadRequest))
            .ShouldContain("does not exist");
    }
}
