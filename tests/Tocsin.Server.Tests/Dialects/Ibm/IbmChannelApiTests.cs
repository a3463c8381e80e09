using System.Net;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>#7: <c>/compat/ibm/api/notificationChannels</c> (reference §6) over Tocsin's native channels.</summary>
public sealed class IbmChannelApiTests(IbmAppFixture shared) : IClassFixture<IbmAppFixture>
{
    public const string Channels = "/compat/ibm/api/notificationChannels";

    public static TheoryData<string, int, string> BadCreates => new()
    {
        { "{\"notificationChannel\": {", 400, "notificationChannel:" },
        { "{}", 400, "notificationChannel: is required" },
        { """{"notificationChannel":{"type":"WEBHOOK","name":"x","options":{"url":"https://h.example/x"},"enabled":"yes"}}""", 400, "notificationChannel.enabled:" },
        { """{"notificationChannel":{"name":"x","options":{"url":"https://h.example/x"}}}""", 400, "type: is required" },
        { """{"notificationChannel":{"type":"PAGER_DUTY","name":"x","options":{"account":"a","serviceKey":"k"}}}""", 400, "type: PAGER_DUTY channels are not supported" },
        { """{"notificationChannel":{"type":"CARRIER_PIGEON","name":"x","options":{}}}""", 400, "type: unknown value 'CARRIER_PIGEON'" },
        { """{"notificationChannel":{"type":"EMAIL","name":"x","options":{}}}""", 400, "options.emailRecipients: is required" },
        { """{"notificationChannel":{"type":"EMAIL","name":"x","options":{"emailRecipients":[3]}}}""", 400, "options.emailRecipients[0]: must be an address string" },
        { """{"notificationChannel":{"type":"EMAIL","name":"x","options":{"emailRecipients":["ops@example.com","not an address"]}}}""", 400, "options.emailRecipients[1]:" },
        { """{"notificationChannel":{"type":"WEBHOOK","name":"x","options":{}}}""", 400, "options.url: is required for WEBHOOK" },
        { """{"notificationChannel":{"type":"WEBHOOK","name":"x","options":{"url":"ftp://h.example/x"}}}""", 400, "options.url: must use http or https" },
        { """{"notificationChannel":{"type":"WEBHOOK","name":"x","options":{"url":"https://h.example/x","additionalHeaders":{"X-A":1}}}}""", 400, "options.additionalHeaders.X-A: must be a string" },
        { """{"notificationChannel":{"type":"WEBHOOK","name":"x","options":{"url":"https://h.example/x","additionalHeaders":["X-A"]}}}""", 400, "options.additionalHeaders: must be an object" },
        { """{"notificationChannel":{"type":"WEBHOOK","name":"x","options":{"url":"https://h.example/x","notifyOnOk":"yes"}}}""", 400, "options.notifyOnOk: must be true or false" },
        { """{"notificationChannel":{"type":"SLACK","name":"x","options":{"channel":"#ops"}}}""", 400, "options.url: is required for SLACK" },
        { """{"notificationChannel":{"id":4,"type":"SLACK","name":"x","options":{"url":"https://h.example/x"}}}""", 400, "id: Notification channel ID and version must be null" },
        { """{"notificationChannel":{"type":"SLACK","options":{"url":"https://h.example/x"}}}""", 422, "name: is required" },
        { """{"notificationChannel":{"type":"SLACK","name":" ","options":{"url":"https://h.example/x"}}}""", 422, "name:" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Create_BadInput_ReturnsIbmErrorNamingTheField(string body, int status, string messageStart)
    {
        var ibm = await shared.App.IbmClientAsync();
        await (await ibm.PostAsync(Channels, IbmTestApi.Json(body))).IbmErrorAsync((HttpStatusCode)status, messageStart);
    }

    [Fact]
    public async Task Channels_WithoutToken_Are401InSpringShape()
    {
        using var anon = shared.App.CreateClient(null);
        var body = (await (await anon.GetAsync(Channels)).StatusAsync(HttpStatusCode.Unauthorized))!;
        body["status"]!.GetValue<int>().ShouldBe(401);
    }

    [Fact]
    public async Task Crud_Webhook_RoundTripsOptions_BumpsVersion_RefusesStaleVersion()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        var created = (await (await ibm.PostAsync(Channels, IbmTestApi.Json("""
            {"notificationChannel":{"type":"WEBHOOK","name":"ops hook","enabled":true,
             "options":{"url":"https://hooks.example/ops","additionalHeaders":{"X-Team":"ops"},"notifyOnOk":true,"notifyOnResolve":true}}}
            """))).StatusAsync(HttpStatusCode.OK))!["notificationChannel"]!;
        var id = created["id"]!.GetValue<long>();
        created["version"]!.GetValue<int>().ShouldBe(1);
        created["type"]!.GetValue<string>().ShouldBe("WEBHOOK");
        created["enabled"]!.GetValue<bool>().ShouldBeTrue();
        created["createdOn"]!.GetValue<long>().ShouldBe(app.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        created["options"]!.ToJsonString().ShouldBe("""{"url":"https://hooks.example/ops","additionalHeaders":{"X-Team":"ops"},"notifyOnOk":true,"notifyOnResolve":true}""");

        // The same id is a native channel, the one notificationChannelIds name.
        var native = (await (await app.Client.GetAsync($"/api/v1/channels/{id}")).StatusAsync(HttpStatusCode.OK))!;
        native["kind"]!.GetValue<string>().ShouldBe("webhook");

        var got = (await (await ibm.GetAsync($"{Channels}/{id}")).StatusAsync(HttpStatusCode.OK))!["notificationChannel"]!;
        got.ToJsonString().ShouldBe(created.ToJsonString());
        var list = (await (await ibm.GetAsync(Channels)).StatusAsync(HttpStatusCode.OK))!["notificationChannels"]!.AsArray();
        list.ShouldHaveSingleItem()!.ToJsonString().ShouldBe(created.ToJsonString());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var update = $$$$"""{"notificationChannel":{"id":{{{{id}}}},"version":1,"type":"EMAIL","name":"ops mail","enabled":false,"options":{"emailRecipients":["ops@example.com","oncall@example.com"]}}}""";
        var updated = (await (await ibm.PutAsync($"{Channels}/{id}", IbmTestApi.Json(update))).StatusAsync(HttpStatusCode.OK))!["notificationChannel"]!;
        updated["version"]!.GetValue<int>().ShouldBe(2);
        updated["type"]!.GetValue<string>().ShouldBe("EMAIL");
        updated["enabled"]!.GetValue<bool>().ShouldBeFalse();
        updated["modifiedOn"]!.GetValue<long>().ShouldBe(app.Clock.GetUtcNow().ToUnixTimeMilliseconds());
        updated["createdOn"]!.GetValue<long>().ShouldBe(created["createdOn"]!.GetValue<long>());
        updated["options"]!["emailRecipients"]!.AsArray().Select(x => x!.GetValue<string>()).ShouldBe(["ops@example.com", "oncall@example.com"]);

        // The same body again carries version 1, now stale.
        await (await ibm.PutAsync($"{Channels}/{id}", IbmTestApi.Json(update))).IbmErrorAsync(HttpStatusCode.Conflict, "Notification channel version mismatch");
        await (await ibm.PutAsync($"{Channels}/{id}", IbmTestApi.Json(update.Replace("\"version\":1,", "")))).IbmErrorAsync(HttpStatusCode.BadRequest, "version: is required");
        await (await ibm.PutAsync($"{Channels}/{id}", IbmTestApi.Json(update.Replace("\"version\":1", "\"version\":2").Replace("ops@example.com", "nope"))))
            .IbmErrorAsync(HttpStatusCode.BadRequest, "options.emailRecipients[0]:");
        await (await ibm.PutAsync($"{Channels}/{id + 100}", IbmTestApi.Json(update))).IbmErrorAsync(HttpStatusCode.NotFound, "Notification channel not found");

        (await ibm.DeleteAsync($"{Channels}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await ibm.GetAsync($"{Channels}/{id}")).IbmErrorAsync(HttpStatusCode.NotFound, "Notification channel not found");
        await (await ibm.DeleteAsync($"{Channels}/{id}")).IbmErrorAsync(HttpStatusCode.NotFound, "Notification channel not found");
        await (await ibm.GetAsync($"{Channels}/abc")).IbmErrorAsync(HttpStatusCode.NotFound, "Notification channel not found");
    }

    [Fact]
    public async Task Create_DuplicateName_Returns422_SlackKeepsItsChannel()
    {
        await using var app = await TocsinApp.StartAsync();
        var ibm = await app.IbmClientAsync();
        const string slack = """{"notificationChannel":{"type":"SLACK","name":"ops","options":{"url":"https://hooks.slack.example/T1","channel":"#ops"}}}""";
        var created = (await (await ibm.PostAsync(Channels, IbmTestApi.Json(slack))).StatusAsync(HttpStatusCode.OK))!["notificationChannel"]!;
        created["options"]!["channel"]!.GetValue<string>().ShouldBe("#ops");
        created["type"]!.GetValue<string>().ShouldBe("SLACK");
        await (await ibm.PostAsync(Channels, IbmTestApi.Json(slack))).IbmErrorAsync(HttpStatusCode.UnprocessableEntity, "name: is already used");
    }
}
