using System.Net;
using System.Net.Http.Json;
using System.Text;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Rules;

public sealed class RuleApiTests
{
    private static object CpuRule(string name = "CPU hot") => new
    {
        name, condition = "max(timeMax(cpu.used.percent)) > 95", filter = "env = 'prod'", segmentBy = new[] { "host" },
        evaluationStepSeconds = 10, windowSeconds = 60, holdDurationSeconds = 120, warning = new { op = ">", value = 80 }, severity = 2,
    };

    [Fact]
    public async Task Create_ValidRule_Returns201WithVersionAndETag()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsJsonAsync("/api/v1/rules", CpuRule());
        var rule = (await response.StatusAsync(HttpStatusCode.Created))!;
        rule["version"]!.GetValue<int>().ShouldBe(1);
        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/rules/{rule.Id()}");
        rule["segmentBy"]![0]!.GetValue<string>().ShouldBe("host");
        rule["warning"]!["op"]!.GetValue<string>().ShouldBe(">");
        rule["holdDurationSeconds"]!.GetValue<long>().ShouldBe(120);
        rule["segmentCondition"]!.GetValue<string>().ShouldBe("any");

        var got = await app.Client.GetAsync($"/api/v1/rules/{rule.Id()}");
        (await got.StatusAsync(HttpStatusCode.OK))!["name"]!.GetValue<string>().ShouldBe("CPU hot");
        got.Headers.ETag!.Tag.ShouldBe("\"1\"");
        var list = (await (await app.Client.GetAsync("/api/v1/rules")).StatusAsync(HttpStatusCode.OK))!;
        list["items"]!.AsArray().Count.ShouldBe(1);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns409()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.CreateRuleAsync(CpuRule());
        await (await app.Client.PostAsJsonAsync("/api/v1/rules", CpuRule())).ProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Create_SameNameInOtherTenant_IsAllowed()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.CreateRuleAsync(CpuRule());
        var other = await app.OtherTenantClientAsync();
        await app.CreateRuleAsync(CpuRule(), other);
    }

    [Fact]
    public async Task Put_WithCurrentIfMatch_ReplacesAndIncrementsVersion()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(CpuRule())).Id();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/rules/{id}") { Content = JsonContent.Create(new { name = "CPU hotter", condition = "avg(timeAvg(cpu.used.percent)) >= 99" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        var response = await app.Client.SendAsync(request);
        var rule = (await response.StatusAsync(HttpStatusCode.OK))!;
        rule["version"]!.GetValue<int>().ShouldBe(2);
        rule["name"]!.GetValue<string>().ShouldBe("CPU hotter");
        rule["segmentBy"]!.AsArray().Count.ShouldBe(0); // PUT replaces: absent fields take defaults
        response.Headers.ETag!.Tag.ShouldBe("\"2\"");
    }

    [Fact]
    public async Task Patch_WithBodyVersion_ChangesOnlyGivenFields()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(CpuRule())).Id();
        var rule = (await (await app.Client.PatchAsJsonAsync($"/api/v1/rules/{id}", new { enabled = false, version = 1 })).StatusAsync(HttpStatusCode.OK))!;
        rule["enabled"]!.GetValue<bool>().ShouldBeFalse();
        rule["segmentBy"]![0]!.GetValue<string>().ShouldBe("host");
        rule["version"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Patch_WithStaleVersion_Returns409()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(CpuRule())).Id();
        await (await app.Client.PatchAsJsonAsync($"/api/v1/rules/{id}", new { description = "first", version = 1 })).StatusAsync(HttpStatusCode.OK);
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/rules/{id}") { Content = JsonContent.Create(new { description = "second" }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await app.Client.SendAsync(request)).ProblemAsync(HttpStatusCode.Conflict, "version");
    }

    [Fact]
    public async Task Patch_RenameToExistingName_Returns409()
    {
        await using var app = await TocsinApp.StartAsync();
        await app.CreateRuleAsync(CpuRule("a"));
        var id = (await app.CreateRuleAsync(CpuRule("b"))).Id();
        await (await app.Client.PatchAsJsonAsync($"/api/v1/rules/{id}", new { name = "a", version = 1 })).ProblemAsync(HttpStatusCode.Conflict, "name");
    }

    [Fact]
    public async Task Patch_WithoutVersion_Returns428()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(CpuRule())).Id();
        await (await app.Client.PatchAsJsonAsync($"/api/v1/rules/{id}", new { description = "x" })).ProblemAsync(HttpStatusCode.PreconditionRequired, "If-Match");
    }

    [Fact]
    public async Task Delete_RemovesTheRule()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(CpuRule())).Id();
        (await app.Client.DeleteAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.Client.GetAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.Client.DeleteAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_UnparseableCondition_Returns400WithPositionAndExpected()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsJsonAsync("/api/v1/rules", new { name = "x", condition = "avg(timeAvg(cpu)) >" });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest, "condition");
        problem["position"]!.GetValue<int>().ShouldBe(19);
        problem["expected"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        (await (await app.Client.GetAsync("/api/v1/rules")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","windowSeconds":25,"evaluationStepSeconds":10}""", "windowSeconds")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","critical":{"op":">","value":"high"}}""", "critical.value")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","warning":{"op":"~","value":1}}""", "warning.op")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","windowSeconds":"long"}""", "windowSeconds")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","segmentCondition":"most"}""", "segmentCondition")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","noData":"maybe"}""", "noData")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","severity":9}""", "severity")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","holdDurationSeconds":-5}""", "holdDurationSeconds")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","segmentBy":["host","host"]}""", "segmentBy")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","filter":"host = "}""", "filter")]
    [InlineData("""{"name":"x","condition":"median(timeAvg(cpu)) > 1"}""", "condition")]
    [InlineData("""{"name":"","condition":"avg(timeAvg(cpu)) > 1"}""", "name")]
    [InlineData("""{"condition":"avg(timeAvg(cpu)) > 1"}""", "name")]
    [InlineData("""{"name":"x"}""", "condition")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(a)) > 1 and max(timeMax(b)) > 2","critical":{"op":">","value":1}}""", "critical")]
    [InlineData("""[1]""", "body")]
    [InlineData("""{"name":"x","condition":"avg(timeAvg(cpu)) > 1","windowSeconds":86410}""", "windowSeconds")]
    public async Task Create_BadInput_Returns400NamingTheField(string json, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsync("/api/v1/rules", new StringContent(json, Encoding.UTF8, "application/json"));
        await response.ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Validate_BadConditionAndFilter_ReturnsEachErrorWithPosition()
    {
        await using var app = await TocsinApp.StartAsync();
        var body = (await (await app.Client.PostAsJsonAsync("/api/v1/rules/validate", new { condition = "max(timeMax(cpu)) >", filter = "a = 'x' and" }))
            .StatusAsync(HttpStatusCode.OK))!;
        body["valid"]!.GetValue<bool>().ShouldBeFalse();
        var errors = body["errors"]!.AsArray();
        errors.Select(e => e!["field"]!.GetValue<string>()).ShouldBe(["condition", "filter"]);
        errors[0]!["position"]!.GetValue<int>().ShouldBe(19);
        errors[1]!["position"]!.GetValue<int>().ShouldBe(11);
        errors.ShouldAllBe(e => e!["expected"] != null && e["message"] != null);
    }

    [Fact]
    public async Task Validate_GoodCondition_IsValid()
    {
        await using var app = await TocsinApp.StartAsync();
        var body = (await (await app.Client.PostAsJsonAsync("/api/v1/rules/validate", new { condition = "avg(timeAvg(uptime)) <= 0" })).StatusAsync(HttpStatusCode.OK))!;
        body["valid"]!.GetValue<bool>().ShouldBeTrue();
        body["errors"]!.AsArray().Count.ShouldBe(0);
    }

    [Fact]
    public async Task Validate_EmptyRequest_Returns400()
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.PostAsJsonAsync("/api/v1/rules/validate", new { })).ProblemAsync(HttpStatusCode.BadRequest, "body");
    }

    [Fact]
    public async Task Rules_OfOtherTenant_AreNotFound()
    {
        await using var app = await TocsinApp.StartAsync();
        var id = (await app.CreateRuleAsync(CpuRule())).Id();
        var other = await app.OtherTenantClientAsync();
        (await other.GetAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"/api/v1/rules/{id}/state")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PostAsync($"/api/v1/rules/{id}/preview", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PatchAsJsonAsync($"/api/v1/rules/{id}", new { description = "mine", version = 1 })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await other.GetAsync("/api/v1/rules")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().Count.ShouldBe(0);
        (await app.Client.GetAsync($"/api/v1/rules/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Create_WithReadOnlyKey_Returns403()
    {
        await using var app = await TocsinApp.StartAsync();
        var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        (await reader.PostAsJsonAsync("/api/v1/rules", CpuRule())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.GetAsync("/api/v1/rules")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
