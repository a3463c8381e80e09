using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Rules;
using static Tocsin.Server.Tests.Dialects.Genesys.GenesysTestApi;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>Rule in through the dialect, samples in through /api/v1/metrics, the evaluation tick by hand, alerts out through the dialect.</summary>
public sealed class GenesysEndToEndTests
{
    [Fact]
    public async Task Flow_RuleBreaks_AlertUnreadThenRead_ClearsWithEndDate_Deleted()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var (userId, userGuid) = await app.CreateUserAsync();
        using var agent = await app.UserClientAsync(userId);
        var rule = await agent.CreateGenesysRuleAsync(RuleBody(userGuid));
        var ruleGuid = rule["id"]!.GetValue<string>();
        rule["inAlarm"]!.GetValue<bool>().ShouldBeFalse();

        // A sample for another queue and one for another media type do not count.
        await app.PushAsync("tAbandon", 90000, t0, new { queueId = "other-queue", mediaType = "voice" });
        await app.PushAsync("tAbandon", 90000, t0, new { queueId = QueueId, mediaType = "chat" });
        await app.EvaluateAsync();
        (await Count(agent, AlertsUrl + "/unread")).ShouldBe(0);

        await app.PushAsync("tAbandon", 45000, t0 + TimeSpan.FromSeconds(10), new { queueId = QueueId, mediaType = "voice" });
        await app.StepAsync(TimeSpan.FromSeconds(10));

        var list = (await (await agent.GetAsync(AlertsUrl)).StatusAsync(HttpStatusCode.OK))!;
        list["total"]!.GetValue<long>().ShouldBe(1);
        var alert = list["entities"]![0]!;
        alert["ruleId"]!.GetValue<string>().ShouldBe(ruleGuid);
        alert["unread"]!.GetValue<bool>().ShouldBeTrue();
        alert["name"]!.GetValue<string>().ShouldBe("Queue A abandon > 30s");
        alert["startDate"]!.GetValue<string>().ShouldBe(Tocsin.Server.Dialects.Genesys.GenesysMapping.Date(t0 + TimeSpan.FromSeconds(10)));
        alert.AsObject().ContainsKey("endDate").ShouldBeFalse();
        alert["notificationUsers"]![0]!["id"]!.GetValue<string>().ShouldBe(userGuid);
        var alertUri = alert["selfUri"]!.GetValue<string>();
        (await (await agent.GetAsync(RulesUrl + "/" + ruleGuid)).StatusAsync(HttpStatusCode.OK))!["inAlarm"]!.GetValue<bool>().ShouldBeTrue();
        (await Count(agent, AlertsUrl + "/unread")).ShouldBe(1);
        (await Count(agent, ActiveUrl)).ShouldBe(1);

        // Read state is the caller's own: the admin key (another reader) still sees it unread.
        var read = await agent.PutAsJsonAsync(alertUri, new { unread = false });
        (await read.StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<bool>().ShouldBeFalse();
        (await Count(agent, AlertsUrl + "/unread")).ShouldBe(0);
        (await (await agent.GetAsync(alertUri)).StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<bool>().ShouldBeFalse();
        (await (await app.Client.GetAsync(alertUri)).StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<bool>().ShouldBeTrue();
        await (await agent.PutAsJsonAsync(alertUri, new { unread = true })).StatusAsync(HttpStatusCode.OK);
        (await Count(agent, AlertsUrl + "/unread")).ShouldBe(1);

        // No samples for longer than the window: the condition clears, the alert gets its endDate and stops being active.
        await app.StepAsync(TimeSpan.FromSeconds(70));
        var ended = (await (await agent.GetAsync(alertUri)).StatusAsync(HttpStatusCode.OK))!;
        ended["endDate"]!.GetValue<string>().ShouldBe(Tocsin.Server.Dialects.Genesys.GenesysMapping.Date(t0 + TimeSpan.FromSeconds(80)));
        (await Count(agent, ActiveUrl)).ShouldBe(0);
        (await (await agent.GetAsync(RulesUrl + "/" + ruleGuid)).StatusAsync(HttpStatusCode.OK))!["inAlarm"]!.GetValue<bool>().ShouldBeFalse();

        (await agent.DeleteAsync(alertUri)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await agent.GetAsync(alertUri)).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        (await Count(agent, AlertsUrl + "/unread")).ShouldBe(0);
        (await (await agent.GetAsync(AlertsUrl)).StatusAsync(HttpStatusCode.OK))!["total"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task ActiveAlertCount_FiringThenDeleted_CountsCallersActiveAlerts()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var (userId, userGuid) = await app.CreateUserAsync();
        var (otherId, _) = await app.CreateUserAsync("Bo", "bo@example.com");
        using var agent = await app.UserClientAsync(userId);
        using var bystander = await app.UserClientAsync(otherId);
        await agent.CreateGenesysRuleAsync(RuleBody(userGuid, name: "answered", metric: "nOffered", statistic: "count", numericRange: "gte", value: 2));

        await app.PushAsync("nOffered", 1, t0, new { queueId = QueueId, mediaType = "voice" });
        await app.EvaluateAsync();
        (await Count(agent, ActiveUrl)).ShouldBe(0); // one offer in the window, the rule wants two

        await app.PushAsync("nOffered", 1, t0 + TimeSpan.FromSeconds(10), new { queueId = QueueId, mediaType = "voice" });
        await app.StepAsync(TimeSpan.FromSeconds(10));
        (await Count(agent, ActiveUrl)).ShouldBe(1);
        (await Count(bystander, ActiveUrl)).ShouldBe(0); // not among the rule's notification users
        (await Count(app.Client, ActiveUrl)).ShouldBe(1); // a key bound to nobody sees the tenant's alerts

        var id = (await (await agent.GetAsync(AlertsUrl)).StatusAsync(HttpStatusCode.OK))!["entities"]![0]!["id"]!.GetValue<string>();
        (await agent.DeleteAsync(AlertsUrl + "/" + id)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Count(agent, ActiveUrl)).ShouldBe(0);
    }

    [Fact]
    public async Task DeleteRule_WhileFiring_ResolvesItsAlertAndRuleIsGone()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        await app.PushAsync("tAbandon", 45000, t0, new { queueId = QueueId, mediaType = "voice" });
        await app.EvaluateAsync();
        (await Count(app.Client, ActiveUrl)).ShouldBe(1);
        var self = rule["selfUri"]!.GetValue<string>();
        (await app.Client.DeleteAsync(self)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await app.Client.GetAsync(self)).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        (await Count(app.Client, ActiveUrl)).ShouldBe(0);
    }

    private static async Task<int> Count(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).StatusAsync(HttpStatusCode.OK))!["count"]!.GetValue<int>();
}
