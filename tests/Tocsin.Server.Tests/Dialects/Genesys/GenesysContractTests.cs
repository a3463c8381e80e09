using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Rules;
using static Tocsin.Server.Tests.Dialects.Genesys.GenesysTestApi;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>Contract tests from the seed (11 operations) and the reference (models §4–§8): names, types, errors.</summary>
public sealed partial class GenesysContractTests
{
    private static void Field(JsonNode node, string name, JsonValueKind kind)
    {
        node.AsObject().ContainsKey(name).ShouldBeTrue($"missing field {name} in {node.ToJsonString()}");
        node[name]!.GetValueKind().ShouldBe(kind, $"field {name}");
    }

    private static void AssertRule(JsonNode rule)
    {
        foreach (var f in new[] { "id", "name", "dimension", "dimensionValue", "metric", "mediaType", "numericRange", "statistic", "selfUri" })
            Field(rule, f, JsonValueKind.String);
        Field(rule, "value", JsonValueKind.Number);
        Field(rule, "notificationUsers", JsonValueKind.Array);
        Field(rule, "alertTypes", JsonValueKind.Array);
        rule["enabled"]!.GetValueKind().ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        rule["inAlarm"]!.GetValueKind().ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        Guid.TryParse(rule["id"]!.GetValue<string>(), out _).ShouldBeTrue();
    }

    private static void AssertContainer(JsonNode page, string path)
    {
        Field(page, "entities", JsonValueKind.Array);
        foreach (var f in new[] { "pageSize", "pageNumber", "total", "pageCount" }) Field(page, f, JsonValueKind.Number);
        foreach (var f in new[] { "firstUri", "selfUri", "lastUri" })
        {
            Field(page, f, JsonValueKind.String);
            page[f]!.GetValue<string>().ShouldStartWith(path + "?pageSize=");
        }
    }

    [Fact]
    public async Task PostRule_ReferenceExample_Accepted_AllDocumentedFields()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        AssertRule(rule);
        rule["name"]!.GetValue<string>().ShouldBe("Queue A abandon > 30s");
        rule["dimension"]!.GetValue<string>().ShouldBe("queueId");
        rule["dimensionValue"]!.GetValue<string>().ShouldBe(QueueId);
        rule["metric"]!.GetValue<string>().ShouldBe("tAbandon");
        rule["mediaType"]!.GetValue<string>().ShouldBe("voice");
        rule["numericRange"]!.GetValue<string>().ShouldBe("gt");
        rule["statistic"]!.GetValue<string>().ShouldBe("max");
        rule["value"]!.GetValue<double>().ShouldBe(30000);
        rule["enabled"]!.GetValue<bool>().ShouldBeTrue();
        rule["inAlarm"]!.GetValue<bool>().ShouldBeFalse();
        rule["alertTypes"]!.AsArray().Select(a => a!.GetValue<string>()).ShouldBe(["EMAIL", "DEVICE"]);
        var user = rule["notificationUsers"]![0]!;
        user["id"]!.GetValue<string>().ShouldBe(userGuid);
        user.AsObject().ContainsKey("name").ShouldBeFalse();
        (await app.Client.GetAsync(user["selfUri"]!.GetValue<string>())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var self = rule["selfUri"]!.GetValue<string>();
        self.ShouldBe(RulesUrl + "/" + rule["id"]!.GetValue<string>());
        (await (await app.Client.GetAsync(self)).StatusAsync(HttpStatusCode.OK))!.ToJsonString().ShouldBe(rule.ToJsonString());
    }

    [Fact]
    public async Task PostRule_EveryEnumValue_Accepted()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var n = 0;
        foreach (var metric in Tocsin.Server.Dialects.Genesys.GenesysMapping.Metrics)
            await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid, name: "m" + n++, metric: metric));
        foreach (var s in new[] { "count", "min", "ratio", "max" })
            foreach (var r in new[] { "gt", "gte", "lt", "lte", "eq", "ne" })
            {
                var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid, name: "s" + n++, statistic: s, numericRange: r));
                rule["statistic"]!.GetValue<string>().ShouldBe(s);
                rule["numericRange"]!.GetValue<string>().ShouldBe(r);
            }
        foreach (var m in new[] { "voice", "chat", "email", "callback", "message" })
            (await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid, name: "media" + n++, mediaType: m)))["mediaType"]!.GetValue<string>().ShouldBe(m);
        var userDimension = await app.Client.PostAsJsonAsync(RulesUrl, new
        {
            name = "agent", dimension = "userId", dimensionValue = userGuid, metric = "tHandle", mediaType = "voice",
            numericRange = "gt", statistic = "max", value = 600000, enabled = false, notificationUsers = Array.Empty<object>(), alertTypes = new[] { "SMS" },
        });
        (await userDimension.StatusAsync(HttpStatusCode.OK))!["enabled"]!.GetValue<bool>().ShouldBeFalse();

        var list = (await (await app.Client.GetAsync(RulesUrl)).StatusAsync(HttpStatusCode.OK))!;
        AssertContainer(list, RulesUrl);
        list["total"]!.GetValue<long>().ShouldBe(n + 1);
        list["entities"]!.AsArray().Count.ShouldBe(n + 1); // one page, whatever the count (the SDKs send no paging)
        list["pageNumber"]!.GetValue<int>().ShouldBe(1);
        list["pageCount"]!.GetValue<int>().ShouldBe(1);
        list.AsObject().ContainsKey("nextUri").ShouldBeFalse();
        foreach (var rule in list["entities"]!.AsArray()) AssertRule(rule!);
    }

    [Fact]
    public async Task ListRules_PageSizeGiven_Honoured_WithNextAndPrevious()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        for (var i = 0; i < 3; i++) await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid, name: "r" + i));
        var page = (await (await app.Client.GetAsync(RulesUrl + "?pageSize=2&pageNumber=2")).StatusAsync(HttpStatusCode.OK))!;
        page["entities"]!.AsArray().Count.ShouldBe(1);
        page["pageCount"]!.GetValue<int>().ShouldBe(2);
        page["previousUri"]!.GetValue<string>().ShouldBe(RulesUrl + "?pageSize=2&pageNumber=1");
        page.AsObject().ContainsKey("nextUri").ShouldBeFalse();
        var first = (await (await app.Client.GetAsync(page["firstUri"]!.GetValue<string>())).StatusAsync(HttpStatusCode.OK))!;
        first["nextUri"]!.GetValue<string>().ShouldBe(RulesUrl + "?pageSize=2&pageNumber=2");
    }

    [Fact]
    public async Task GetRule_ExpandNotificationUsers_FullUser_CommaOrRepeated()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        foreach (var query in new[] { "?expand=notificationUsers", "?expand=notificationUsers&expand=notificationUsers" })
        {
            var got = (await (await app.Client.GetAsync(rule["selfUri"]!.GetValue<string>() + query)).StatusAsync(HttpStatusCode.OK))!;
            var user = got["notificationUsers"]![0]!;
            user["id"]!.GetValue<string>().ShouldBe(userGuid);
            user["name"]!.GetValue<string>().ShouldBe("Ada Agent");
            user["email"]!.GetValue<string>().ShouldBe("ada@example.com");
            user["state"]!.GetValue<string>().ShouldBe("active");
            user["primaryContactInfo"]![0]!["mediaType"]!.GetValue<string>().ShouldBe("EMAIL");
            Field(user, "version", JsonValueKind.Number);
        }
        var listed = (await (await app.Client.GetAsync(RulesUrl + "?expand=notificationUsers")).StatusAsync(HttpStatusCode.OK))!;
        listed["entities"]![0]!["notificationUsers"]![0]!["name"]!.GetValue<string>().ShouldBe("Ada Agent");
    }

    [Fact]
    public async Task PutRule_ChangesFields_KeepsId_SdkContentTypeOnBodylessCallsAccepted()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        var self = rule["selfUri"]!.GetValue<string>();
        var put = await app.Client.PutAsJsonAsync(self + "?expand=notificationUsers", RuleBody(userGuid, name: "renamed", numericRange: "lte", value: 5, statistic: "count"));
        var updated = (await put.StatusAsync(HttpStatusCode.OK))!;
        AssertRule(updated);
        updated["id"]!.GetValue<string>().ShouldBe(rule["id"]!.GetValue<string>());
        updated["name"]!.GetValue<string>().ShouldBe("renamed");
        updated["statistic"]!.GetValue<string>().ShouldBe("count");
        updated["value"]!.GetValue<double>().ShouldBe(5);
        updated["notificationUsers"]![0]!["name"]!.GetValue<string>().ShouldBe("Ada Agent");

        // The JS SDK sends Content-Type: application/json on GET and DELETE too.
        (await app.Client.SendAsync(Json(HttpMethod.Get, self, ""))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Client.SendAsync(Json(HttpMethod.Delete, self, ""))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await app.Client.DeleteAsync(self)).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
    }

    [Fact]
    public async Task Alert_AllDocumentedFields_WithDocumentedTypes()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        await app.PushAsync("tAbandon", 40000, app.Clock.GetUtcNow(), new { queueId = QueueId, mediaType = "voice" });
        await app.EvaluateAsync();

        var page = (await (await app.Client.GetAsync(AlertsUrl + "?expand=notificationUsers")).StatusAsync(HttpStatusCode.OK))!;
        AssertContainer(page, AlertsUrl);
        var alert = page["entities"]![0]!;
        foreach (var f in new[] { "id", "name", "dimension", "dimensionValue", "metric", "mediaType", "numericRange", "statistic", "ruleId", "startDate", "ruleUri", "selfUri" })
            Field(alert, f, JsonValueKind.String);
        Field(alert, "value", JsonValueKind.Number);
        Field(alert, "notificationUsers", JsonValueKind.Array);
        Field(alert, "alertTypes", JsonValueKind.Array);
        alert["unread"]!.GetValueKind().ShouldBe(JsonValueKind.True);
        DateRegex().IsMatch(alert["startDate"]!.GetValue<string>()).ShouldBeTrue();
        alert["notificationUsers"]![0]!["name"]!.GetValue<string>().ShouldBe("Ada Agent");
        alert["ruleUri"]!.GetValue<string>().ShouldBe(rule["selfUri"]!.GetValue<string>());
        (await app.Client.GetAsync(alert["ruleUri"]!.GetValue<string>())).StatusCode.ShouldBe(HttpStatusCode.OK);
        var one = (await (await app.Client.GetAsync(alert["selfUri"]!.GetValue<string>() + "?expand=notificationUsers")).StatusAsync(HttpStatusCode.OK))!;
        one.ToJsonString().ShouldBe(alert.ToJsonString());

        var unread = (await (await app.Client.GetAsync(AlertsUrl + "/unread")).StatusAsync(HttpStatusCode.OK))!;
        Field(unread, "count", JsonValueKind.Number);
        var active = (await (await app.Client.GetAsync(ActiveUrl)).StatusAsync(HttpStatusCode.OK))!;
        Field(active, "count", JsonValueKind.Number);
        var put = await app.Client.PutAsJsonAsync(alert["selfUri"]!.GetValue<string>() + "?expand=notificationUsers", new { unread = false });
        (await put.StatusAsync(HttpStatusCode.OK))!.ToJsonString().ShouldBe("{\"unread\":false}");
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex DateRegex();

    // ---- bad input, in Genesys's error body ----

    [Theory]
    [InlineData("{\"name\":", "bad.request", null)]
    [InlineData("[]", "bad.request", null)]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":\"lots\"}", "bad.request", "value")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tBogus\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1}", "invalid.value", "metric")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"between\",\"statistic\":\"max\",\"value\":1}", "invalid.value", "numericRange")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"avg\",\"value\":1}", "invalid.value", "statistic")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"fax\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1}", "invalid.value", "mediaType")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"siteId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1}", "invalid.value", "dimension")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1,\"alertTypes\":[\"FAX\"]}", "invalid.value", "alertTypes[0]")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1,\"notificationUsers\":[{\"id\":\"75736572-0000-4000-0000-000000000999\"}]}", "invalid.value", "notificationUsers")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1,\"notificationUsers\":[{\"name\":\"no id\"}]}", "bad.request", "notificationUsers[0].id")]
    [InlineData("{\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1}", "bad.request", "name")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\",\"value\":1}", "bad.request", "metric")]
    [InlineData("{\"name\":\"x\",\"dimension\":\"queueId\",\"dimensionValue\":\"q\",\"metric\":\"tAbandon\",\"mediaType\":\"voice\",\"numericRange\":\"gt\",\"statistic\":\"max\"}", "bad.request", "value")]
    public async Task PostAndPutRule_BadInput_400InGenesysErrorBody(string json, string code, string? field)
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid, name: "existing"));
        await (await app.Client.SendAsync(Json(HttpMethod.Post, RulesUrl, json))).GenesysErrorAsync(HttpStatusCode.BadRequest, code, field);
        await (await app.Client.SendAsync(Json(HttpMethod.Put, rule["selfUri"]!.GetValue<string>(), json))).GenesysErrorAsync(HttpStatusCode.BadRequest, code, field);
    }

    [Fact]
    public async Task PostRule_EnumError_NamesFieldAndAllowedValues()
    {
        await using var app = await TocsinApp.StartAsync();
        var body = await (await app.Client.PostAsJsonAsync(RulesUrl, RuleBody(Guid.Empty.ToString(), metric: "tBogus")))
            .GenesysErrorAsync(HttpStatusCode.BadRequest, "invalid.value", "metric");
        body["message"]!.GetValue<string>().ShouldBe("Value [tBogus] is not valid for field type [metric]. Allowable values are: tAbandon, tAnswered, tTalk, nOffered, tHandle, nTransferred, oServiceLevel, tWait, tHeld, tAcw");
        body["messageParams"]!["value"]!.GetValue<string>().ShouldBe("tBogus");
    }

    [Fact]
    public async Task PostRule_DuplicateName_409Conflict_NotJsonContentType_415()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        await (await app.Client.PostAsJsonAsync(RulesUrl, RuleBody(userGuid))).GenesysErrorAsync(HttpStatusCode.Conflict, "conflict", "name");
        var text = new HttpRequestMessage(HttpMethod.Post, RulesUrl) { Content = new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain") };
        await (await app.Client.SendAsync(text)).GenesysErrorAsync(HttpStatusCode.UnsupportedMediaType, "unsupported.media.type");
    }

    [Theory]
    [InlineData("GET", RulesUrl + "/72756c65-0000-4000-0000-0000000003e7")]
    [InlineData("PUT", RulesUrl + "/72756c65-0000-4000-0000-0000000003e7")]
    [InlineData("DELETE", RulesUrl + "/72756c65-0000-4000-0000-0000000003e7")]
    [InlineData("GET", RulesUrl + "/not-a-guid")]
    [InlineData("GET", RulesUrl + "/616c7274-0000-4000-0000-000000000001")]
    [InlineData("GET", AlertsUrl + "/616c7274-0000-4000-0000-0000000003e7")]
    [InlineData("PUT", AlertsUrl + "/616c7274-0000-4000-0000-0000000003e7")]
    [InlineData("DELETE", AlertsUrl + "/616c7274-0000-4000-0000-0000000003e7")]
    [InlineData("GET", AlertsUrl + "/" + QueueId)]
    public async Task UnknownId_404NotFound(string method, string url)
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var body = method == "PUT" ? (url.StartsWith(RulesUrl) ? JsonSerializer.Serialize(RuleBody(userGuid)) : "{\"unread\":false}") : "";
        await (await app.Client.SendAsync(Json(new HttpMethod(method), url, body))).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
    }

    [Theory]
    [InlineData(RulesUrl + "?expand=division", "expand")]
    [InlineData(RulesUrl + "?pageSize=0", "pageSize")]
    [InlineData(RulesUrl + "?pageNumber=x", "pageNumber")]
    [InlineData(AlertsUrl + "?expand=rules", "expand")]
    [InlineData(AlertsUrl + "?pageSize=-1", "pageSize")]
    [InlineData(RulesUrl + "/72756c65-0000-4000-0000-000000000001?expand=x", "expand")]
    [InlineData(AlertsUrl + "/616c7274-0000-4000-0000-000000000001?expand=x", "expand")]
    public async Task BadQuery_400InvalidValue(string url, string field)
    {
        await using var app = await TocsinApp.StartAsync();
        await (await app.Client.GetAsync(url)).GenesysErrorAsync(HttpStatusCode.BadRequest, "invalid.value", field);
    }

    [Theory]
    [InlineData("{\"unread\":", "bad.request", null)]
    [InlineData("{\"unread\":\"no\"}", "bad.request", "unread")]
    [InlineData("{}", "bad.request", "unread")]
    public async Task PutAlert_BadBody_400(string json, string code, string? field)
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        await app.PushAsync("tAbandon", 40000, app.Clock.GetUtcNow(), new { queueId = QueueId, mediaType = "voice" });
        await app.EvaluateAsync();
        var self = (await (await app.Client.GetAsync(AlertsUrl)).StatusAsync(HttpStatusCode.OK))!["entities"]![0]!["selfUri"]!.GetValue<string>();
        await (await app.Client.SendAsync(Json(HttpMethod.Put, self, json))).GenesysErrorAsync(HttpStatusCode.BadRequest, code, field);
    }

    [Theory]
    [InlineData("GET", RulesUrl)]
    [InlineData("POST", RulesUrl)]
    [InlineData("GET", RulesUrl + "/72756c65-0000-4000-0000-000000000001")]
    [InlineData("PUT", RulesUrl + "/72756c65-0000-4000-0000-000000000001")]
    [InlineData("DELETE", RulesUrl + "/72756c65-0000-4000-0000-000000000001")]
    [InlineData("GET", AlertsUrl)]
    [InlineData("GET", AlertsUrl + "/unread")]
    [InlineData("GET", AlertsUrl + "/616c7274-0000-4000-0000-000000000001")]
    [InlineData("PUT", AlertsUrl + "/616c7274-0000-4000-0000-000000000001")]
    [InlineData("DELETE", AlertsUrl + "/616c7274-0000-4000-0000-000000000001")]
    [InlineData("GET", ActiveUrl)]
    public async Task EveryOperation_NoOrBadToken_401(string method, string url)
    {
        await using var app = await TocsinApp.StartAsync();
        using var anonymous = app.CreateClient(null);
        await (await anonymous.SendAsync(Json(new HttpMethod(method), url, "{}"))).GenesysErrorAsync(HttpStatusCode.Unauthorized, "authentication.required");
        using var wrong = app.CreateClient("tcs_not-a-real-key-not-a-real-key-000");
        await (await wrong.SendAsync(Json(new HttpMethod(method), url, "{}"))).GenesysErrorAsync(HttpStatusCode.Unauthorized, "bad.credentials");
    }

    [Theory]
    [InlineData("POST", RulesUrl, "alerting:rule:add")]
    [InlineData("PUT", RulesUrl + "/72756c65-0000-4000-0000-000000000001", "alerting:rule:edit")]
    [InlineData("DELETE", RulesUrl + "/72756c65-0000-4000-0000-000000000001", "alerting:rule:delete")]
    [InlineData("PUT", AlertsUrl + "/616c7274-0000-4000-0000-000000000001", "alerting:alert:edit")]
    [InlineData("DELETE", AlertsUrl + "/616c7274-0000-4000-0000-000000000001", "alerting:alert:delete")]
    public async Task ReadOnlyKey_WriteOperation_403NamingGenesysPermission(string method, string url, string permission)
    {
        await using var app = await TocsinApp.StartAsync();
        using var reader = await app.ClientWithAsync([Permission.AlertsRead]);
        var body = await (await reader.SendAsync(Json(new HttpMethod(method), url, "{}"))).GenesysErrorAsync(HttpStatusCode.Forbidden, "missing.permissions");
        body["message"]!.GetValue<string>().ShouldContain(permission);
        body["messageParams"]!["permissions"]!.GetValue<string>().ShouldBe(permission);
        (await reader.GetAsync(RulesUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task EventsOnlyKey_Views_403_CountsNeedNoPermission()
    {
        await using var app = await TocsinApp.StartAsync();
        using var events = await app.ClientWithAsync([Permission.EventsWrite]);
        (await (await events.GetAsync(RulesUrl)).GenesysErrorAsync(HttpStatusCode.Forbidden, "missing.permissions"))["message"]!.GetValue<string>().ShouldContain("alerting:rule:view");
        (await (await events.GetAsync(AlertsUrl)).GenesysErrorAsync(HttpStatusCode.Forbidden, "missing.permissions"))["message"]!.GetValue<string>().ShouldContain("alerting:alert:view");
        (await events.GetAsync(AlertsUrl + "/unread")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await events.GetAsync(ActiveUrl)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task OtherTenant_RulesAndAlerts_NotFoundAndNotListed()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, userGuid) = await app.CreateUserAsync();
        var rule = await app.Client.CreateGenesysRuleAsync(RuleBody(userGuid));
        await app.PushAsync("tAbandon", 40000, app.Clock.GetUtcNow(), new { queueId = QueueId, mediaType = "voice" });
        await app.EvaluateAsync();
        var alert = (await (await app.Client.GetAsync(AlertsUrl)).StatusAsync(HttpStatusCode.OK))!["entities"]![0]!["selfUri"]!.GetValue<string>();

        using var other = await app.OtherTenantClientAsync();
        await (await other.GetAsync(rule["selfUri"]!.GetValue<string>())).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        await (await other.DeleteAsync(rule["selfUri"]!.GetValue<string>())).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        await (await other.GetAsync(alert)).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        await (await other.PutAsJsonAsync(alert, new { unread = false })).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        await (await other.DeleteAsync(alert)).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
        (await (await other.GetAsync(RulesUrl)).StatusAsync(HttpStatusCode.OK))!["total"]!.GetValue<long>().ShouldBe(0);
        (await (await other.GetAsync(AlertsUrl)).StatusAsync(HttpStatusCode.OK))!["total"]!.GetValue<long>().ShouldBe(0);
        (await (await other.GetAsync(ActiveUrl)).StatusAsync(HttpStatusCode.OK))!["count"]!.GetValue<int>().ShouldBe(0);
        // The other tenant's user ids are not this tenant's.
        await (await other.PostAsJsonAsync(RulesUrl, RuleBody(userGuid))).GenesysErrorAsync(HttpStatusCode.BadRequest, "invalid.value", "notificationUsers");
        (await (await app.Client.GetAsync(alert)).StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task NativeRule_NotShownAsInteractionStatsRule()
    {
        await using var app = await TocsinApp.StartAsync();
        var native = await app.CreateRuleAsync(new { name = "cpu", condition = "max(timeMax(cpu)) > 90" });
        (await (await app.Client.GetAsync(RulesUrl)).StatusAsync(HttpStatusCode.OK))!["total"]!.GetValue<long>().ShouldBe(0);
        var guid = Tocsin.Server.Dialects.Genesys.GenesysMapping.ToGuid(Tocsin.Server.Dialects.Genesys.GenesysMapping.RuleKind, native.Id());
        await (await app.Client.GetAsync(RulesUrl + "/" + guid)).GenesysErrorAsync(HttpStatusCode.NotFound, "not.found");
    }
}
