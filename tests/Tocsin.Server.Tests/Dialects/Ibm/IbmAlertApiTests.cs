using System.Net;
using System.Net.Http.Headers;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>The seed's error table (400/401/404/409/422) provoked on every endpoint, in IBM's error shapes; auth, tenancy, teams, from/to.</summary>
public sealed class IbmAlertApiTests(IbmAppFixture shared) : IClassFixture<IbmAppFixture>
{
    public static TheoryData<string, string> BadCreates => new()
    {
        { "{\"alert\": {\"name\": ", "alert.name: is not valid JSON" },
        { "[1,2]", "body: has the wrong type" },
        { "{}", "alert:" },
        { "{\"alert\": null}", "alert:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":"soon"}}""", "alert.timespan:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"notificationChannelIds":["EMAIL","WEBHOOK"]}}""", "alert.notificationChannelIds" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"notificationChannelIds":[0]}}""", "notificationChannelIds:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"enabled":"yes"}}""", "alert.enabled:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"severity":9}}""", "severity:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"severityLabel":"CRITICAL"}}""", "severityLabel:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"severity":0,"severityLabel":"LOW"}}""", "severityLabel:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"segmentCondition":{"type":"SOME"}}}""", "segmentCondition.type:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"segmentCondition":"ANY"}}""", "alert.segmentCondition:" },
        { """{"alert":{"name":"x","type":"PROMETHEUS","condition":"up == 0","duration":60}}""", "type: PROMETHEUS (PromQL) alerts are not supported" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000}}""", "monitor: is required for BASELINE alerts" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[]}}""", "monitor: is required for BASELINE alerts" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":"cpu"}}""", "alert.monitor:" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[null]}}""", "monitor[0]: must be an object" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[{"stdDevFactor":2}]}}""", "monitor[0].metric: is required" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[{"metric":"cpu used(","stdDevFactor":2}]}}""", "monitor[0].metric: must be a metric name" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[{"metric":"cpu","stdDevFactor":0}]}}""", "monitor[0].stdDevFactor:" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[{"metric":"cpu"},{"metric":"cpu"}]}}""", "monitor[1].metric: 'cpu' is listed twice" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":14400000000,"monitor":[{"metric":"cpu"}]}}""", "timespan: a baseline reads 13 windows" },
        { """{"alert":{"name":"x","type":"BASELINE","timespan":60000000,"monitor":[{"metric":"cpu"}],"criteria":{"text":"x"}}}""", "criteria: applies to EVENT alerts only" },
        { """{"alert":{"name":"x","type":"HOST_COMPARISON","timespan":60000000,"monitor":[{"metric":"cpu","stdDevFactor":2}]}}""", "segmentBy: a host comparison needs" },
        { """{"alert":{"name":"x","type":"MANUAL","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"monitor":[{"metric":"cpu"}]}}""", "monitor: applies to BASELINE and HOST_COMPARISON alerts only" },
        { """{"alert":{"name":"x","type":"EVENT","timespan":60000000,"criteria":{"text":"x"}}}""", "condition: is required for EVENT alerts" },
        { """{"alert":{"name":"x","type":"EVENT","condition":"count(customEvent) > 2","timespan":60000000}}""", "criteria: is required for EVENT alerts" },
        { """{"alert":{"name":"x","type":"EVENT","condition":"avg(avg(cpu)) > 2","timespan":60000000,"criteria":{"text":"x"}}}""", "condition: an event-count condition is count(customEvent)" },
        { """{"alert":{"name":"x","type":"EVENT","condition":"count(customEvent) > 2","timespan":60000000,"criteria":{"text":"x"},"segmentBy":["host"]}}""", "segmentBy: event counts are not segmented" },
        { """{"alert":{"name":"x","type":"EVENT","condition":"count(customEvent) > 2","timespan":60000000,"criteria":"x"}}""", "alert.criteria:" },
        { """{"alert":{"name":"x","type":"THRESHOLD","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000}}""", "type: unknown value 'THRESHOLD'" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <=","timespan":60000000}}""", "condition:" },
        { """{"alert":{"name":"x","timespan":60000000}}""", "condition:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"filter":"env in (\"prod\""}}""", "filter:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0"}}""", "timespan:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":90000000}}""", "timespan:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":172800000000}}""", "timespan:" }, // over the longest window a rule may have
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"reNotify":true,"reNotifyMinutes":0}}""", "reNotifyMinutes:" },
        { """{"alert":{"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000,"rateOfChange":true}}""", "rateOfChange:" },
        { """{"alert":{"id":5,"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000}}""", "id: Alert ID and version must be null" },
        { """{"alert":{"version":1,"name":"x","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000}}""", "id: Alert ID and version must be null" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadInput_Returns400InIbmFormatNamingTheField(string body, string messageStart)
    {
        var ibm = await shared.App.IbmClientAsync();
        await (await ibm.PostRawAsync(body)).IbmErrorAsync(HttpStatusCode.BadRequest, messageStart);
    }

    [Fact]
    public async Task Create_UnparseableCondition_ErrorCarriesThePosition()
    {
        var ibm = await shared.App.IbmClientAsync();
        var message = await (await ibm.PostRawAsync(IbmTestApi.Manual("x", "avg(timeAvg(uptime)) <= "))).IbmErrorAsync(HttpStatusCode.BadRequest, "condition:");
        message.ShouldBe("condition: unexpected end of input at position 24; expected number");
    }

    [Theory]
    [InlineData("""{"alert":{"condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000}}""", "name: is required")]
    [InlineData("""{"alert":{"name":" ","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000}}""", "name: must not be empty")]
    public async Task Create_InvalidName_Returns422(string body, string message)
    {
        var ibm = await shared.App.IbmClientAsync();
        await (await ibm.PostRawAsync(body)).IbmErrorAsync(HttpStatusCode.UnprocessableEntity, message);
    }

    [Fact]
    public async Task Create_DuplicateName_Returns422()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("same"));
        await (await ibm.PostRawAsync(IbmTestApi.Manual("same"))).IbmErrorAsync(HttpStatusCode.UnprocessableEntity, "name: is already used");
    }

    [Fact]
    public async Task Update_StaleVersion_Returns409VersionMismatch()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var id = (await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("locked")))["id"]!.GetValue<long>();
        string Put(int version, string name) =>
            $$$"""{"alert":{"id":{{{id}}},"version":{{{version}}},"type":"MANUAL","name":"{{{name}}}","condition":"avg(timeAvg(uptime)) <= 0","timespan":60000000}}""";

        (await (await ibm.PutRawAsync(id, Put(1, "first writer"))).StatusAsync(HttpStatusCode.OK))!["alert"]!["version"]!.GetValue<int>().ShouldBe(2);
        var body = await (await ibm.PutRawAsync(id, Put(1, "second writer"))).StatusAsync(HttpStatusCode.Conflict);
        body!["errors"]![0]!["reason"]!.GetValue<string>().ShouldBe("version_mismatch");
        body["errors"]![0]!["message"]!.GetValue<string>().ShouldStartWith("Alert version mismatch");
        var current = (await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusAsync(HttpStatusCode.OK))!["alert"]!;
        current["name"]!.GetValue<string>().ShouldBe("first writer");
        current["version"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Update_BadInput_Returns4xxInIbmFormat()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var id = (await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("target")))["id"]!.GetValue<long>();
        await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("taken"));

        await (await ibm.PutRawAsync(id, "{\"alert\":")).IbmErrorAsync(HttpStatusCode.BadRequest, "alert: is not valid JSON");
        await (await ibm.PutRawAsync(id, IbmTestApi.Manual("target"))).IbmErrorAsync(HttpStatusCode.BadRequest, "version: is required");
        await (await ibm.PutRawAsync(id, IbmTestApi.Manual("target").Replace("\"type\"", $"\"id\":{id + 100},\"version\":1,\"type\"")))
            .IbmErrorAsync(HttpStatusCode.BadRequest, "id:");
        await (await ibm.PutRawAsync(id, IbmTestApi.Manual("target", extra: ",\"version\":1,\"severityLabel\":\"URGENT\""))).IbmErrorAsync(HttpStatusCode.BadRequest, "severityLabel:");
        await (await ibm.PutRawAsync(id, IbmTestApi.Manual("target", "avg(timeAvg(uptime)) << 0", ",\"version\":1"))).IbmErrorAsync(HttpStatusCode.BadRequest, "condition:");
        await (await ibm.PutRawAsync(id, IbmTestApi.Manual("taken", extra: ",\"version\":1"))).IbmErrorAsync(HttpStatusCode.UnprocessableEntity, "name:");
        await (await ibm.PutRawAsync(id + 100, IbmTestApi.Manual("target", extra: ",\"version\":1"))).IbmErrorAsync(HttpStatusCode.NotFound, "Alert not found");
    }

    [Theory]
    [InlineData("GET", "999999")]
    [InlineData("GET", "abc")]
    [InlineData("DELETE", "999999")]
    [InlineData("DELETE", "abc")]
    [InlineData("PUT", "999999")]
    public async Task AnyOperation_UnknownId_Returns404InIbmFormat(string method, string id)
    {
        var ibm = await shared.App.IbmClientAsync();
        var request = new HttpRequestMessage(new HttpMethod(method), $"{IbmTestApi.Alerts}/{id}");
        if (method == "PUT") request.Content = IbmTestApi.Json(IbmTestApi.Manual("x", extra: ",\"version\":1"));
        var body = await (await ibm.SendAsync(request)).StatusAsync(HttpStatusCode.NotFound);
        body!["errors"]![0]!["reason"]!.GetValue<string>().ShouldBe("not_found");
    }

    [Fact]
    public async Task List_FromTo_ListsAlertsDefinedInThePeriod()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        static long Micros(DateTimeOffset t) => t.ToUnixTimeMilliseconds() * 1000;
        var t0 = app.Clock.GetUtcNow();
        await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("early"));
        app.Clock.Advance(TimeSpan.FromHours(1));
        await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("late"));

        async Task<string[]> Names(string query) => (await (await ibm.GetAsync(IbmTestApi.Alerts + query)).StatusAsync(HttpStatusCode.OK))!["alerts"]!
            .AsArray().Select(a => a!["name"]!.GetValue<string>()).Order().ToArray();

        (await Names("")).ShouldBe(["early", "late"]);
        (await Names($"?from={Micros(t0 - TimeSpan.FromDays(1))}&to={Micros(t0 + TimeSpan.FromMinutes(1))}")).ShouldBe(["early"]);
        (await Names($"?from={Micros(t0 + TimeSpan.FromMinutes(30))}&to={Micros(app.Clock.GetUtcNow())}")).ShouldBe(["early", "late"]);
        (await Names($"?to={Micros(t0 - TimeSpan.FromMinutes(1))}")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("?from=yesterday", "from:")]
    [InlineData("?to=-5", "to:")]
    [InlineData("?from=2000000&to=1000000", "from: must not be after to")]
    public async Task List_BadPeriod_Returns400(string query, string message)
    {
        var ibm = await shared.App.IbmClientAsync();
        await (await ibm.GetAsync(IbmTestApi.Alerts + query)).IbmErrorAsync(HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Auth_IbmAndSysdigStyles_AreAccepted()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        (await ibm.GetAsync(IbmTestApi.Alerts)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var sysdig = app.CreateClient(TocsinApp.AdminKey); // Bearer token alone
        (await sysdig.GetAsync(IbmTestApi.Alerts)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var raw = app.CreateClient(null); // the seed's curl: -H "Authorization: $AUTH_TOKEN"
        raw.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", TocsinApp.AdminKey);
        raw.DefaultRequestHeaders.Add("IBMInstanceID", (await app.DefaultTenantAsync()).ToString());
        (await raw.GetAsync(IbmTestApi.Alerts)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Auth_MissingOrWrongCredentials_Returns401InSpringShape()
    {
        await using var app = await TocsinApp.StartAsync();
        var cases = new[]
        {
            (app.CreateClient(null), "Authorization"),
            (await app.IbmClientAsync("not-a-key"), "not a valid API key"),
            (await app.IbmClientAsync(instance: Guid.NewGuid()), "IBMInstanceID"),
        };
        var notGuid = await app.IbmClientAsync();
        notGuid.DefaultRequestHeaders.Remove("IBMInstanceID");
        notGuid.DefaultRequestHeaders.Add("IBMInstanceID", "my-instance");

        foreach (var (client, says) in cases.Append((notGuid, "IBMInstanceID")))
        {
            var response = await client.PostAsync(IbmTestApi.Alerts, IbmTestApi.Json(IbmTestApi.Manual("x")));
            var body = (await response.StatusAsync(HttpStatusCode.Unauthorized))!;
            body["status"]!.GetValue<int>().ShouldBe(401);
            body["error"]!.GetValue<string>().ShouldBe("Unauthorized");
            body["path"]!.GetValue<string>().ShouldBe(IbmTestApi.Alerts);
            body["timestamp"]!.GetValue<long>().ShouldBe(app.Clock.GetUtcNow().ToUnixTimeMilliseconds());
            body["message"]!.GetValue<string>().ShouldContain(says);
        }
    }

    [Fact]
    public async Task Auth_ReadOnlyKey_CanListButNotCreate()
    {
        await using var app = await TocsinApp.StartAsync();
        var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        var ibm = await app.IbmClientAsync(reader.DefaultRequestHeaders.Authorization!.Parameter!);
        (await ibm.GetAsync(IbmTestApi.Alerts)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await (await ibm.PostRawAsync(IbmTestApi.Manual("x"))).StatusAsync(HttpStatusCode.Forbidden);
        body!["error"]!.GetValue<string>().ShouldBe("Forbidden");
    }

    [Fact]
    public async Task TenantIsolation_OtherTenantsAlert_IsNotFoundAndNotListed()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var id = (await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("mine")))["id"]!.GetValue<long>();
        var other = await app.OtherTenantClientAsync(); // Sysdig style: its own key, no instance header
        var otherKey = other.DefaultRequestHeaders.Authorization!.Parameter!;

        (await (await other.GetAsync(IbmTestApi.Alerts)).StatusAsync(HttpStatusCode.OK))!["alerts"]!.AsArray().ShouldBeEmpty();
        (await other.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.PutAsync($"{IbmTestApi.Alerts}/{id}", IbmTestApi.Json(IbmTestApi.Manual("stolen", extra: ",\"version\":1")))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.DeleteAsync($"{IbmTestApi.Alerts}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Its key with our instance id is refused outright.
        (await (await app.IbmClientAsync(otherKey)).GetAsync(IbmTestApi.Alerts)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // The other tenant can use the same name: uniqueness is per tenant.
        await other.CreateIbmAlertAsync(IbmTestApi.Manual("mine"));
        (await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusAsync(HttpStatusCode.OK))!["alert"]!["name"]!.GetValue<string>().ShouldBe("mine");
    }

    [Fact]
    public async Task TeamHeader_LimitsWhatIsSeenAndCreated()
    {
        await using var app = await TocsinApp.StartAsync();
        var team7 = await app.IbmClientAsync(team: 7);
        var team8 = await app.IbmClientAsync(team: 8);
        var everyone = await app.IbmClientAsync();
        var created = await team7.CreateIbmAlertAsync(IbmTestApi.Manual("team seven"));
        created["teamId"]!.GetValue<long>().ShouldBe(7);
        var id = created["id"]!.GetValue<long>();

        (await team8.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await (await team8.GetAsync(IbmTestApi.Alerts)).StatusAsync(HttpStatusCode.OK))!["alerts"]!.AsArray().ShouldBeEmpty();
        (await (await everyone.GetAsync(IbmTestApi.Alerts)).StatusAsync(HttpStatusCode.OK))!["alerts"]!.AsArray().Count.ShouldBe(1);
        await (await team8.PostRawAsync(IbmTestApi.Manual("wrong team", extra: ",\"teamId\":7"))).IbmErrorAsync(HttpStatusCode.BadRequest, "teamId:");

        var sysdigTeam = await app.IbmClientAsync();
        sysdigTeam.DefaultRequestHeaders.Add("SysdigTeamID", "abc");
        await (await sysdigTeam.GetAsync(IbmTestApi.Alerts)).IbmErrorAsync(HttpStatusCode.BadRequest, "SysdigTeamID:");
    }
}
