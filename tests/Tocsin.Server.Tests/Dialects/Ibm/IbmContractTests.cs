using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>
/// Contract tests from the seed (shared/seeds/ibm-cloud-monitoring-alerts-api.md) and the reference's §8 payloads:
/// every documented request example is sent verbatim (ids and versions are the placeholders of the curl lines, so they
/// are replaced by real ones), and every documented response field is present with its documented name and type.
/// </summary>
public sealed class IbmContractTests
{
    /// <summary>Seed, "Create an alert": the sample request body.</summary>
    private const string SeedCreate = """
        {
          "alert": {
            "version": null,
            "name": "My Alert!",
            "description": null,
            "teamId": null,
            "enabled": false,
            "filter": null,
            "type": "MANUAL",
            "condition": "avg(timeAvg(uptime)) <= 0",
            "timespan": 600000000,
            "notificationChannelIds": [],
            "reNotify": false,
            "reNotifyMinutes": 30,
            "segmentBy": [
              "host.hostName"
            ],
            "segmentCondition": {
              "type": "ANY"
            },
            "severityLabel": "LOW"
          }
        }
        """;

    /// <summary>Seed, "Update an alert": the sample request body, with <c>timespan: 1000000</c> below the seed's own minimum.</summary>
    private const string SeedUpdate = """
        {
          "alert": {
              "type": "MANUAL",
              "id": 23212,
              "version": 10,
              "name": "CheckNginxConnections",
              "description": "Active connections of nginx server",
              "enabled": false,
              "severity": 2,
              "timespan": 1000000,
              "condition": "avg(avg(nginx.net.connections)) > 1000",
              "segmentBy": [
                  "host.hostName"
              ],
              "segmentCondition": {
                  "type": "ANY"
              },
              "notificationChannelIds": [
                  2
              ]
            }
        }
        """;

    /// <summary>Seed, "Get details about a user alert": the response example, which clients PUT back after editing.</summary>
    private const string SeedGetResponse = """
        {
          "alert": {
            "autoCreated": false,
            "condition": "min(min(dallas_prod)) = 0",
            "createdOn": 1551358413000,
            "enabled": false,
            "id": 23211,
            "modifiedOn": 1551634372000,
            "name": "Monitoring Uptime Alert",
            "filter": "env in (\"prod\")",
            "notificationChannelIds": [
              4
            ],
            "segmentBy": [
              "host.hostname"
            ],
            "segmentCondition": {
              "type": "ANY"
            },
            "notificationCount": 60,
            "rateOfChange": false,
            "reNotify": false,
            "severity": 0,
            "severityLabel": "HIGH",
            "teamId": 493,
            "timespan": 60000000,
            "type": "MANUAL",
            "version": 9
          }
        }
        """;

    /// <summary>Reference §8: the create request reconstructed from the seed and the Python SDK.</summary>
    private const string ReferenceCreate = """
        {"alert":{"type":"MANUAL","name":"tomcat cpu > 80% on any host","description":"created via API",
         "enabled":false,"severity":6,"timespan":60000000,"condition":"avg(cpu.used.percent) > 80",
         "filter":"proc.name = \"tomcat\"","segmentBy":["host.mac","proc.name"],"segmentCondition":{"type":"ANY"},
         "notificationChannelIds":[4],"reNotify":false,"reNotifyMinutes":30}}
        """;

    /// <summary>The seed's "Alerts schema: Response body" fields and their JSON types.</summary>
    private static readonly Dictionary<string, JsonValueKind> ResponseFields = new()
    {
        { "autoCreated", JsonValueKind.False }, { "condition", JsonValueKind.String }, { "createdOn", JsonValueKind.Number },
        { "enabled", JsonValueKind.False }, { "id", JsonValueKind.Number }, { "modifiedOn", JsonValueKind.Number },
        { "name", JsonValueKind.String }, { "filter", JsonValueKind.String }, { "notificationChannelIds", JsonValueKind.Array },
        { "segmentBy", JsonValueKind.Array }, { "segmentCondition", JsonValueKind.Object }, { "notificationCount", JsonValueKind.Number },
        { "rateOfChange", JsonValueKind.False }, { "reNotify", JsonValueKind.False }, { "severity", JsonValueKind.Number },
        { "severityLabel", JsonValueKind.String }, { "teamId", JsonValueKind.Number }, { "timespan", JsonValueKind.Number },
        { "type", JsonValueKind.String }, { "version", JsonValueKind.Number }, { "description", JsonValueKind.String },
    };

    [Fact]
    public async Task Get_EveryDocumentedResponseField_IsPresentWithDocumentedType()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var created = await ibm.CreateIbmAlertAsync(SeedGetResponse.Replace("\"id\": 23211,", "").Replace("\"version\": 9", "\"version\": null")
            .Replace("\"type\": \"MANUAL\",", "\"type\": \"MANUAL\", \"description\": \"d\","));

        var body = (await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{created["id"]}")).StatusAsync(HttpStatusCode.OK))!;
        var alert = body["alert"]!.AsObject();
        foreach (var (field, kind) in ResponseFields)
        {
            alert.ContainsKey(field).ShouldBeTrue($"missing {field}");
            alert[field]!.GetValueKind().ShouldBe(kind, field);
        }
        alert["segmentCondition"]!["type"]!.GetValue<string>().ShouldBe("ANY");
        body.AsObject().Count.ShouldBe(1); // only the "alert" envelope
    }

    [Fact]
    public async Task Create_SeedExample_IsAcceptedVerbatim_AndEchoed()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var response = await ibm.PostRawAsync(SeedCreate);
        var alert = (await response.StatusAsync(HttpStatusCode.OK))!["alert"]!;

        alert["id"]!.GetValue<long>().ShouldBeGreaterThan(0);
        alert["version"]!.GetValue<int>().ShouldBe(1);
        alert["name"]!.GetValue<string>().ShouldBe("My Alert!");
        alert["description"].ShouldBeNull();
        alert["teamId"].ShouldBeNull();
        alert["enabled"]!.GetValue<bool>().ShouldBeFalse();
        alert["filter"]!.GetValue<string>().ShouldBe("");
        alert["type"]!.GetValue<string>().ShouldBe("MANUAL");
        alert["condition"]!.GetValue<string>().ShouldBe("avg(timeAvg(uptime)) <= 0");
        alert["timespan"]!.GetValue<long>().ShouldBe(600000000);
        alert["notificationChannelIds"]!.AsArray().Count.ShouldBe(0);
        alert["reNotify"]!.GetValue<bool>().ShouldBeFalse();
        alert["segmentBy"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["host.hostName"]);
        alert["segmentCondition"]!["type"]!.GetValue<string>().ShouldBe("ANY");
        alert["severityLabel"]!.GetValue<string>().ShouldBe("LOW");
        alert["severity"]!.GetValue<int>().ShouldBe(4);
        alert["autoCreated"]!.GetValue<bool>().ShouldBeFalse();
        alert["rateOfChange"]!.GetValue<bool>().ShouldBeFalse();
        alert["notificationCount"]!.GetValue<int>().ShouldBe(0);
        alert["createdOn"]!.GetValue<long>().ShouldBe(app.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        alert["modifiedOn"]!.GetValue<long>().ShouldBe(alert["createdOn"]!.GetValue<long>());
    }

    [Fact]
    public async Task Create_ReferenceExample_ReturnsTheReferenceResponse()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var alert = await ibm.CreateIbmAlertAsync(ReferenceCreate);

        alert["severity"]!.GetValue<int>().ShouldBe(6);
        alert["severityLabel"]!.GetValue<string>().ShouldBe("INFO");
        alert["filter"]!.GetValue<string>().ShouldBe("proc.name = \"tomcat\"");
        alert["condition"]!.GetValue<string>().ShouldBe("avg(cpu.used.percent) > 80");
        alert["description"]!.GetValue<string>().ShouldBe("created via API");
        alert["segmentBy"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["host.mac", "proc.name"]);
        alert["notificationChannelIds"]!.AsArray().Select(n => n!.GetValue<long>()).ShouldBe([4L]);
        alert["timespan"]!.GetValue<long>().ShouldBe(60000000);
        alert["enabled"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Update_SeedExample_IsRefusedNamingTimespan()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var created = await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("CheckNginxConnections"));
        var id = created["id"]!.GetValue<long>();

        var response = await ibm.PutRawAsync(id, SeedUpdate.Replace("23212", id.ToString()).Replace("\"version\": 10", "\"version\": 1"));

        var message = await response.IbmErrorAsync(HttpStatusCode.BadRequest, "timespan:");
        message.ShouldContain("60000000");
    }

    [Fact]
    public async Task Update_SeedExampleWithValidTimespan_IsAccepted_AndIncrementsVersion()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var created = await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("CheckNginxConnections"));
        var id = created["id"]!.GetValue<long>();
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        var body = SeedUpdate.Replace("23212", id.ToString()).Replace("\"version\": 10", "\"version\": 1").Replace("1000000,", "60000000,");
        var alert = (await (await ibm.PutRawAsync(id, body)).StatusAsync(HttpStatusCode.OK))!["alert"]!;

        alert["version"]!.GetValue<int>().ShouldBe(2);
        alert["severity"]!.GetValue<int>().ShouldBe(2);
        alert["severityLabel"]!.GetValue<string>().ShouldBe("MEDIUM");
        alert["description"]!.GetValue<string>().ShouldBe("Active connections of nginx server");
        alert["condition"]!.GetValue<string>().ShouldBe("avg(avg(nginx.net.connections)) > 1000");
        alert["notificationChannelIds"]!.AsArray().Select(n => n!.GetValue<long>()).ShouldBe([2L]);
        alert["modifiedOn"]!.GetValue<long>().ShouldBe(app.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        alert["createdOn"]!.GetValue<long>().ShouldBe(created["createdOn"]!.GetValue<long>());
    }

    [Fact]
    public async Task Update_WithTheSeedGetResponseAsBody_IsAccepted()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var created = await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("Monitoring Uptime Alert"));
        var id = created["id"]!.GetValue<long>();

        var body = SeedGetResponse.Replace("23211", id.ToString()).Replace("\"version\": 9", "\"version\": 1");
        var alert = (await (await ibm.PutRawAsync(id, body)).StatusAsync(HttpStatusCode.OK))!["alert"]!;

        alert["condition"]!.GetValue<string>().ShouldBe("min(min(dallas_prod)) = 0");
        alert["filter"]!.GetValue<string>().ShouldBe("env in (\"prod\")");
        alert["severityLabel"]!.GetValue<string>().ShouldBe("HIGH");
        alert["teamId"]!.GetValue<long>().ShouldBe(493);
        alert["version"]!.GetValue<int>().ShouldBe(2);
        alert["notificationCount"]!.GetValue<int>().ShouldBe(0); // the server's figure, not the client's 60
    }

    [Fact]
    public async Task Flow_Create_Get_List_Delete_WithSeedEnvelopes()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var created = await ibm.CreateIbmAlertAsync(SeedCreate);
        var id = created["id"]!.GetValue<long>();

        var got = (await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{id}")).StatusAsync(HttpStatusCode.OK))!;
        got["alert"]!.ToJsonString().ShouldBe(created.ToJsonString());

        var now = app.Clock.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        var list = (await (await ibm.GetAsync($"{IbmTestApi.Alerts}?from={now - 3_600_000_000}&to={now}")).StatusAsync(HttpStatusCode.OK))!;
        var alerts = list["alerts"]!.AsArray();
        alerts.Count.ShouldBe(1);
        alerts[0]!["name"]!.GetValue<string>().ShouldBe("My Alert!"); // bare objects, as the SDK reads them

        var deleted = await ibm.DeleteAsync($"{IbmTestApi.Alerts}/{id}");
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await ibm.GetAsync($"{IbmTestApi.Alerts}/{id}")).IbmErrorAsync(HttpStatusCode.NotFound, "Alert not found");
    }

    [Fact]
    public async Task Create_ReNotify_EchoesReNotifyMinutes()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var alert = await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("renotify", extra: ""","reNotify":true,"reNotifyMinutes":15"""));
        alert["reNotify"]!.GetValue<bool>().ShouldBeTrue();
        alert["reNotifyMinutes"]!.GetValue<int>().ShouldBe(15);
        alert["enabled"]!.GetValue<bool>().ShouldBeTrue(); // the seed's default
    }

    [Fact]
    public async Task Create_SegmentConditionAll_RoundTrips()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var alert = await ibm.CreateIbmAlertAsync(IbmTestApi.Manual("all", extra: ""","segmentBy":["host.hostName"],"segmentCondition":{"type":"ALL"}"""));
        alert["segmentCondition"]!["type"]!.GetValue<string>().ShouldBe("ALL");
        var native = (await (await app.Client.GetAsync($"/api/v1/rules/{alert["id"]}")).StatusAsync(HttpStatusCode.OK))!;
        native["segmentCondition"]!.GetValue<string>().ShouldBe("all");
        native["windowSeconds"]!.GetValue<long>().ShouldBe(60);
    }
}
