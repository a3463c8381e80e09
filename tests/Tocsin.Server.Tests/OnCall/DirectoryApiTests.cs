using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.OnCall;

public sealed class DirectoryApiTests
{
    [Fact]
    public async Task Users_Crud_RoundTrips()
    {
        await using var app = await TocsinApp.StartAsync();
        var created = await app.Client.PostOkAsync("/api/v1/users", new { name = "Alice", email = "alice@example.com", phone = "+4930123456", timeZone = "Europe/Berlin", language = "de", role = "admin" });
        var id = created["id"]!.GetValue<long>();
        created["role"]!.GetValue<string>().ShouldBe("admin");
        var updated = await (await app.Client.PutAsJsonAsync($"/api/v1/users/{id}", new { name = "Alice B", timeZone = "UTC" })).StatusAsync(HttpStatusCode.OK);
        updated!["name"]!.GetValue<string>().ShouldBe("Alice B");
        var list = await (await app.Client.GetAsync("/api/v1/users")).StatusAsync(HttpStatusCode.OK);
        list!["items"]!.AsArray().Count.ShouldBe(1);
        await (await app.Client.DeleteAsync($"/api/v1/users/{id}")).StatusAsync(HttpStatusCode.NoContent);
        await (await app.Client.GetAsync($"/api/v1/users/{id}")).StatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteUser_InRotationAndPolicy_ConflictListsWhere()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops", timeZone = "UTC",
            layers = new[] { new { users = new[] { alice }, start = "2026-01-01T00:00:00Z", shiftLength = new { unit = "weeks", count = 1 } } },
        });
        await app.PolicyAsync([(alice, 5)]);
        var problem = await (await app.Client.DeleteAsync($"/api/v1/users/{alice}")).ProblemAsync(HttpStatusCode.Conflict, "id");
        var detail = problem["detail"]!.GetValue<string>();
        detail.ShouldContain("schedule 1 (Ops)");
        detail.ShouldContain("escalation policy 1 (Primary)");
    }

    [Fact]
    public async Task Teams_MembersAndCycle_CycleRejected()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var a = (await app.Client.PostOkAsync("/api/v1/teams", new { name = "A", members = new[] { new { kind = "user", id = alice, role = "lead" } } }))["id"]!.GetValue<long>();
        var b = (await app.Client.PostOkAsync("/api/v1/teams", new { name = "B", members = new[] { new { kind = "team", id = a, role = "member" } } }))["id"]!.GetValue<long>();
        var problem = await (await app.Client.PutAsJsonAsync($"/api/v1/teams/{a}", new { name = "A", members = new[] { new { kind = "team", id = b } } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "members");
        problem["detail"]!.GetValue<string>().ShouldContain("→");
        await (await app.Client.DeleteAsync($"/api/v1/teams/{a}")).ProblemAsync(HttpStatusCode.Conflict, "id");
    }

    [Fact]
    public async Task Keys_BoundToUser_ActsAsThatUser()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        await (await app.Client.PostAsJsonAsync("/api/v1/keys", new { name = "x", permissions = new[] { "alerts:write" }, userId = 999 })).ProblemAsync(HttpStatusCode.BadRequest, "userId");
        var key = await app.Client.PostOkAsync("/api/v1/keys", new { name = "alice", permissions = new[] { "alerts:write", "alerts:read" }, userId = alice });
        using var client = app.CreateClient(key["secret"]!.GetValue<string>());
        var alert = await app.TriggerAsync("Disk full");
        var acked = await (await client.PostAsync($"/api/v1/alerts/{alert}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
        acked!["acknowledgedBy"]!.GetValue<string>().ShouldBe($"user:{alice}");
    }

    [Fact]
    public async Task OtherTenant_CannotSeeOrUseObjects()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var policy = await app.PolicyAsync([(alice, 5)]);
        var (source, key) = await app.SourceAsync(policy);
        using var other = await app.OtherTenantClientAsync();
        await (await other.GetAsync($"/api/v1/users/{alice}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/escalation-policies/{policy}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/sources/{source}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/v1/users/{alice}")).StatusAsync(HttpStatusCode.NotFound);
        (await (await other.GetAsync("/api/v1/users")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().Count.ShouldBe(0);
        await (await other.PostAsJsonAsync("/api/v1/escalation-policies", new { name = "x", rules = new[] { new { timeoutMinutes = 5, targets = new[] { new { kind = "user", id = alice } } } } }))
            .ProblemAsync(HttpStatusCode.BadRequest, "rules[0].targets[0].id");
        await (await other.PostAsJsonAsync("/api/v1/events", new { integrationKey = key, summary = "x" })).ProblemAsync(HttpStatusCode.BadRequest, "integrationKey");
    }
}
