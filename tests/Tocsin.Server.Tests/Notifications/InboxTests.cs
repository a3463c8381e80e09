using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Server.Tests.WebConsole;

namespace Tocsin.Server.Tests.Notifications;

public sealed class InboxTests
{
    [Fact]
    public async Task Inbox_UserWithoutRules_GetsInAppItem_UnreadCountAndRead()
    {
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        var alice = await app.ClientWithAsync([Permission.AlertsRead], userId: user);

        var alert = await app.PageAsync(key, "Checkout down");

        var page = (await (await alice.GetAsync("/api/v1/inbox")).StatusAsync(HttpStatusCode.OK))!;
        var item = page["items"]!.AsArray().ShouldHaveSingleItem()!;
        item["alertId"]!.GetValue<long>().ShouldBe(alert);
        item["title"]!.GetValue<string>().ShouldContain("Checkout down");
        (await (await alice.GetAsync("/api/v1/inbox/unread-count")).StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<long>().ShouldBe(1);

        var read = (await (await alice.PostAsync($"/api/v1/inbox/{item["id"]}/read", null)).StatusAsync(HttpStatusCode.OK))!;
        read["readAt"].ShouldNotBeNull();
        (await (await alice.GetAsync("/api/v1/inbox/unread-count")).StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<long>().ShouldBe(0);
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["channel"]!.GetValue<string>().ShouldBe("inapp");
    }

    [Fact]
    public async Task InboxStream_NewItem_ArrivesAsServerSentEvent()
    {
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        var alice = await app.ClientWithAsync([Permission.AlertsRead], userId: user);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/inbox/stream");
        using var response = await alice.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        using var sse = new SseReader(await response.Content.ReadAsStreamAsync());
        await sse.NextNamedAsync("ready");

        await app.PageAsync(key, "Disk full");

        var e = await sse.NextNamedAsync("item");
        JsonNode.Parse(e.Data)!["title"]!.GetValue<string>().ShouldContain("Disk full");
    }

    [Fact]
    public async Task Inbox_KeyNotBoundToUser_ForbiddenWithReason()
    {
        await using var app = await NotificationScenario.StartAsync();
        foreach (var path in new[] { "/api/v1/inbox", "/api/v1/inbox/unread-count", "/api/v1/inbox/stream" })
            (await (await app.Client.GetAsync(path)).ProblemAsync(HttpStatusCode.Forbidden, "Authorization"))["detail"]!.GetValue<string>().ShouldContain("not bound to a user");
        await (await app.Client.PostAsync("/api/v1/inbox/1/read", null)).ProblemAsync(HttpStatusCode.Forbidden, "Authorization");
    }

    [Fact]
    public async Task Inbox_OtherUsersItem_NotFound()
    {
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        var bob = await app.UserAsync("Bob");
        var alice = await app.ClientWithAsync([Permission.AlertsRead], userId: user);
        var bobClient = await app.ClientWithAsync([Permission.AlertsRead], userId: bob);
        await app.PageAsync(key);
        var id = (await (await alice.GetAsync("/api/v1/inbox")).StatusAsync(HttpStatusCode.OK))!["items"]![0]!["id"]!.GetValue<long>();

        await (await bobClient.PostAsync($"/api/v1/inbox/{id}/read", null)).StatusAsync(HttpStatusCode.NotFound);
        (await (await bobClient.GetAsync("/api/v1/inbox")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/api/v1/inbox?limit=0", "limit")]
    [InlineData("/api/v1/inbox?limit=500", "limit")]
    [InlineData("/api/v1/inbox?cursor=abc", "cursor")]
    public async Task Inbox_BadQuery_BadRequestNamingField(string path, string field)
    {
        await using var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Alice");
        var alice = await app.ClientWithAsync([Permission.AlertsRead], userId: user);
        await (await alice.GetAsync(path)).ProblemAsync(HttpStatusCode.BadRequest, field);
    }
}
