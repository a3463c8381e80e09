using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>GET /api/v1/alerts/stream over real HTTP, plus the hub's overflow rule in isolation.</summary>
public sealed class AlertStreamTests
{
    internal static async Task<(HttpResponseMessage Response, SseReader Reader)> OpenAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts/stream");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        (await reader.NextNamedAsync("ready")).ShouldNotBeNull(); // subscribed from here on
        return (response, reader);
    }

    [Fact]
    public async Task Stream_AlertChanges_SendsOneEventPerCommittedChange()
    {
        await using var app = await TocsinApp.StartAsync();
        var (response, reader) = await OpenAsync(app.Client);
        using (response)
        using (reader)
        {
            var id = await app.TriggerAsync("Disk full", priority: "critical");
            var created = JsonNode.Parse((await reader.NextNamedAsync("alert")).Data)!;
            created["alertId"]!.GetValue<long>().ShouldBe(id);
            created["status"]!.GetValue<string>().ShouldBe("triggered");
            created["title"]!.GetValue<string>().ShouldBe("Disk full");
            created["priority"]!.GetValue<string>().ShouldBe("critical");
            created["type"]!.GetValue<string>().ShouldBe("created");

            await (await app.Client.PostAsync($"/api/v1/alerts/{id}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);
            var acked = JsonNode.Parse((await reader.NextNamedAsync("alert")).Data)!;
            acked["status"]!.GetValue<string>().ShouldBe("acknowledged");
            acked["type"]!.GetValue<string>().ShouldBe("acknowledged");
        }
    }

    [Fact]
    public async Task Stream_OnlyCarriesCallersTenant()
    {
        await using var app = await TocsinApp.StartAsync();
        using var other = await app.OtherTenantClientAsync();
        var (mineResponse, mine) = await OpenAsync(app.Client);
        var (theirsResponse, theirs) = await OpenAsync(other);
        using (mineResponse) using (mine) using (theirsResponse) using (theirs)
        {
            // The other tenant's change is committed first; if it leaked, it would be the next event on our stream.
            (await other.PostAsJsonAsync("/api/v1/events", new { summary = "Theirs secret" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
            var theirEvent = JsonNode.Parse((await theirs.NextNamedAsync("alert")).Data)!;
            theirEvent["title"]!.GetValue<string>().ShouldBe("Theirs secret");

            var id = await app.TriggerAsync("Mine");
            var next = JsonNode.Parse((await mine.NextNamedAsync("alert")).Data)!;
            next["alertId"]!.GetValue<long>().ShouldBe(id);
            next["title"]!.GetValue<string>().ShouldBe("Mine");
        }
    }

    [Fact]
    public async Task Stream_WithoutKey_Is401_AndWithoutPermission_Is403()
    {
        await using var app = await TocsinApp.StartAsync();
        using var anon = app.CreateClient(null);
        await (await anon.GetAsync("/api/v1/alerts/stream")).StatusAsync(HttpStatusCode.Unauthorized);
        using var sender = await app.ClientWithAsync([Tocsin.Core.Tenancy.Permission.EventsWrite]);
        await (await sender.GetAsync("/api/v1/alerts/stream")).StatusAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Stream_Every15Seconds_SendsHeartbeatComment()
    {
        await using var app = await TocsinApp.StartAsync();
        var (response, reader) = await OpenAsync(app.Client);
        using (response)
        using (reader)
        {
            var pending = reader.NextAsync();
            app.Clock.Advance(AlertStreamEndpoints.HeartbeatInterval);
            var e = await pending;
            e.Name.ShouldBe(":comment");
            e.Data.ShouldBe("heartbeat");
        }
    }

    [Fact]
    public async Task Stream_KeyRevoked_EndsWithUnauthorizedAtNextHeartbeat()
    {
        await using var app = await TocsinApp.StartAsync();
        var created = (await (await app.Client.PostAsync("/api/v1/keys", JsonContent.Create(new { name = "s", permissions = new[] { "alerts:read" } })))
            .StatusAsync(HttpStatusCode.Created))!;
        using var client = app.CreateClient(created["secret"]!.GetValue<string>());
        var (response, reader) = await OpenAsync(client);
        using (response)
        using (reader)
        {
            await (await app.Client.DeleteAsync($"/api/v1/keys/{created["key"]!["id"]}")).StatusAsync(HttpStatusCode.NoContent);
            var pending = reader.NextAsync();
            app.Clock.Advance(AlertStreamEndpoints.HeartbeatInterval);
            (await pending).Name.ShouldBe("unauthorized");
        }
    }

    [Fact]
    public async Task OpenApi_DescribesStream()
    {
        await using var app = await TocsinApp.StartAsync();
        var doc = (await (await app.Client.GetAsync("/openapi/v1.json")).StatusAsync(HttpStatusCode.OK))!;
        var op = doc["paths"]!["/api/v1/alerts/stream"]!["get"]!;
        op["responses"]!["200"]!["content"]!["text/event-stream"].ShouldNotBeNull();
    }

    [Fact]
    public void Hub_SlowSubscriber_DropsAndFlagsResync_WithoutBlocking()
    {
        var hub = new AlertStreamHub();
        var tenant = Guid.NewGuid();
        using var slow = hub.Subscribe(tenant, capacity: 2)!;
        var changes = Enumerable.Range(1, 5).Select(i => Change(tenant, i)).ToList();

        hub.OnCommitted(changes); // returns at once although the queue holds only two

        slow.TakeOverflow().ShouldBeTrue();
        slow.Reader.TryRead(out _).ShouldBeFalse(); // stale events are discarded: the client refetches instead
        slow.TakeOverflow().ShouldBeFalse();
        hub.OnCommitted([Change(tenant, 6)]);
        slow.Reader.TryRead(out var after).ShouldBeTrue();
        after!.AlertId.ShouldBe(6);
    }

    [Fact]
    public void Hub_OtherTenantsChange_IsNotOffered()
    {
        var hub = new AlertStreamHub();
        using var sub = hub.Subscribe(Guid.NewGuid())!;
        hub.OnCommitted([Change(Guid.NewGuid(), 1)]);
        sub.Reader.TryRead(out _).ShouldBeFalse();
    }

    [Fact]
    public void Hub_DisposedSubscription_IsRemoved()
    {
        var hub = new AlertStreamHub();
        var sub = hub.Subscribe(Guid.NewGuid())!;
        hub.Count.ShouldBe(1);
        sub.Dispose();
        hub.Count.ShouldBe(0);
    }

    private static AlertChange Change(Guid tenant, long id)
    {
        var now = DateTimeOffset.UnixEpoch;
        var alert = Alert.Open(tenant, new NewAlert { Title = "a" + id }, now);
        alert.Id = id;
        return new AlertChange(alert, alert.CreatedEntry(Actor.System));
    }
}
