using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>Channels, contact methods, rules, templates and notification history: CRUD, bad input, tenancy, OpenAPI.</summary>
public sealed class NotificationApiTests
{
    [Fact]
    public async Task Channels_Crud_RoundTrips()
    {
        await using var app = await NotificationScenario.StartAsync();
        var created = await app.Client.PostOkAsync("/api/v1/channels", new { name = "ops", kind = "email", targets = new[] { "ops@example.com" } });
        var id = created["id"]!.GetValue<long>();
        await (await app.Client.PutAsJsonAsync($"/api/v1/channels/{id}", new { name = "ops2", kind = "slack", targets = new[] { "https://hooks.slack.com/services/T/B/X" } }))
            .StatusAsync(HttpStatusCode.OK);
        var got = (await (await app.Client.GetAsync($"/api/v1/channels/{id}")).StatusAsync(HttpStatusCode.OK))!;
        got["kind"]!.GetValue<string>().ShouldBe("slack");
        (await (await app.Client.GetAsync("/api/v1/channels")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().Count.ShouldBe(1);
        await (await app.Client.DeleteAsync($"/api/v1/channels/{id}")).StatusAsync(HttpStatusCode.NoContent);
        await (await app.Client.GetAsync($"/api/v1/channels/{id}")).StatusAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"name":"x","kind":"webhook","targets":["not a url"]}""", "targets[0]")]
    [InlineData("""{"name":"x","kind":"webhook","targets":["http://169.254.169.254/latest"]}""", "targets[0]")]
    [InlineData("""{"name":"x","kind":"webhook","targets":["ftp://example.com/x"]}""", "targets[0]")]
    [InlineData("""{"name":"x","kind":"email","targets":["ops@example.com","nope"]}""", "targets[1]")]
    [InlineData("""{"name":"x","kind":"inapp","targets":["999"]}""", "targets[0]")]
    [InlineData("""{"name":"x","kind":"pager","targets":["x"]}""", "kind")]
    [InlineData("""{"name":"","kind":"webhook","targets":["http://127.0.0.1/x"]}""", "name")]
    [InlineData("""{"name":"x","kind":"webhook","targets":[]}""", "targets")]
    [InlineData("""{"name":"x","kind":"webhook","targets":"http://x"}""", "targets")]
    [InlineData("""{"name":"x",""", "body")]
    public async Task Channels_BadInput_BadRequestNamingField(string json, string field)
    {
        await using var app = await NotificationScenario.StartAsync();
        await (await app.Client.PostAsync("/api/v1/channels", new StringContent(json, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Theory]
    [InlineData("""{"kind":"email","target":"not-an-address"}""", "target")]
    [InlineData("""{"kind":"webhook","target":"http://169.254.169.254/"}""", "target")]
    [InlineData("""{"kind":"sms","target":"0151 123"}""", "target")]
    [InlineData("""{"kind":"inapp","target":"12345"}""", "target")]
    [InlineData("""{"kind":"carrier-pigeon","target":"x"}""", "kind")]
    [InlineData("""{"kind":"email"}""", "target")]
    public async Task ContactMethods_BadInput_BadRequestNamingField(string json, string field)
    {
        await using var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Alice");
        await (await app.Client.PostAsync($"/api/v1/users/{user}/contact-methods", new StringContent(json, Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task ContactMethodsAndRules_Crud_RoundTrips()
    {
        await using var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Alice");
        var method = await app.ContactMethodAsync(user, "sms", "+4915123456789", delayMinutes: null);
        var rule = (await app.Client.PostOkAsync($"/api/v1/users/{user}/notification-rules", new { contactMethodId = method, delayMinutes = 3 }))["id"]!.GetValue<long>();
        (await (await app.Client.GetAsync($"/api/v1/users/{user}/notification-rules")).StatusAsync(HttpStatusCode.OK))!["items"]![0]!["delayMinutes"]!.GetValue<int>().ShouldBe(3);
        await (await app.Client.PutAsJsonAsync($"/api/v1/users/{user}/notification-rules/{rule}", new { contactMethodId = method, delayMinutes = 10 })).StatusAsync(HttpStatusCode.OK);
        await (await app.Client.PutAsJsonAsync($"/api/v1/users/{user}/contact-methods/{method}", new { kind = "email", target = "a@example.com" })).StatusAsync(HttpStatusCode.OK);
        (await (await app.Client.GetAsync($"/api/v1/users/{user}/contact-methods/{method}")).StatusAsync(HttpStatusCode.OK))!["kind"]!.GetValue<string>().ShouldBe("email");

        await (await app.Client.DeleteAsync($"/api/v1/users/{user}/contact-methods/{method}")).StatusAsync(HttpStatusCode.NoContent);
        (await (await app.Client.GetAsync($"/api/v1/users/{user}/notification-rules")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"contactMethodId":1,"delayMinutes":-1}""", "delayMinutes")]
    [InlineData("""{"contactMethodId":1,"delayMinutes":100000}""", "delayMinutes")]
    [InlineData("""{"contactMethodId":424242,"delayMinutes":0}""", "contactMethodId")]
    [InlineData("""{"delayMinutes":0}""", "contactMethodId")]
    [InlineData("""{"contactMethodId":"x"}""", "contactMethodId")]
    public async Task Rules_BadInput_BadRequestNamingField(string json, string field)
    {
        await using var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Alice");
        await app.ContactMethodAsync(user, "email", "a@example.com", delayMinutes: null);
        await (await app.Client.PostAsync($"/api/v1/users/{user}/notification-rules", new StringContent(json, Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task UserScopedEndpoints_UnknownUser_NotFound()
    {
        await using var app = await NotificationScenario.StartAsync();
        await (await app.Client.GetAsync("/api/v1/users/999/contact-methods")).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.GetAsync("/api/v1/users/999/notification-rules")).StatusAsync(HttpStatusCode.NotFound);
        await (await app.Client.PostAsJsonAsync("/api/v1/users/999/contact-methods", new { kind = "email", target = "a@example.com" })).StatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Templates_CrudRenderAndConflict()
    {
        await using var app = await NotificationScenario.StartAsync();
        var body = new { channel = "slack", @event = "triggered", subject = "{{headline}}", text = "ALERT {{alert.title}}", json = """{"text": "{{alert.title}}"}""" };
        var id = (await app.Client.PostOkAsync("/api/v1/templates", body))["id"]!.GetValue<long>();
        await (await app.Client.PostAsJsonAsync("/api/v1/templates", body)).ProblemAsync(HttpStatusCode.Conflict, "event");

        var rendered = (await (await app.Client.PostAsync($"/api/v1/templates/{id}/render", null)).StatusAsync(HttpStatusCode.OK))!;
        rendered["text"]!.GetValue<string>().ShouldStartWith("ALERT Disk");
        JsonNode.Parse(rendered["json"]!.GetValue<string>())!["text"]!.GetValue<string>().ShouldContain("Disk \"/var\"");

        var inline = (await (await app.Client.PostAsJsonAsync("/api/v1/templates/render", new { channel = "email", @event = "resolved", subject = "ok {{alert.number}}" }))
            .StatusAsync(HttpStatusCode.OK))!;
        inline["subject"]!.GetValue<string>().ShouldBe("ok 1042");
        await (await app.Client.DeleteAsync($"/api/v1/templates/{id}")).StatusAsync(HttpStatusCode.NoContent);
        await (await app.Client.PostAsync($"/api/v1/templates/{id}/render", null)).StatusAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"channel":"email","event":"triggered","subject":"{{#if alert.title}}x"}""", "subject")]
    [InlineData("""{"channel":"email","event":"triggered","subject":"s","text":"{{#each alert.links}}"}""", "text")]
    [InlineData("""{"channel":"webhook","event":"triggered","subject":"s","json":"{not json {{alert.id}}"}""", "json")]
    [InlineData("""{"channel":"fax","event":"triggered","subject":"s"}""", "channel")]
    [InlineData("""{"channel":"email","event":"exploded","subject":"s"}""", "event")]
    public async Task Templates_BadTemplate_BadRequestNamingField(string json, string field)
    {
        await using var app = await NotificationScenario.StartAsync();
        await (await app.Client.PostAsync("/api/v1/templates/render", new StringContent(json, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest, field);
        await (await app.Client.PostAsync("/api/v1/templates", new StringContent(json, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task TenantIsolation_OtherTenantSeesNothing()
    {
        await using var app = await NotificationScenario.StartAsync();
        var other = await app.OtherTenantClientAsync();
        var user = await app.UserAsync("Alice");
        var method = await app.ContactMethodAsync(user, "email", "a@example.com", delayMinutes: null);
        var channel = (await app.Client.PostOkAsync("/api/v1/channels", new { name = "ops", kind = "email", targets = new[] { "ops@example.com" } }))["id"]!.GetValue<long>();
        var template = (await app.Client.PostOkAsync("/api/v1/templates", new { channel = "email", @event = "triggered", subject = "x" }))["id"]!.GetValue<long>();
        var alert = await app.TriggerAsync("mine");

        await (await other.GetAsync($"/api/v1/channels/{channel}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/v1/channels/{channel}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/users/{user}/contact-methods")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/users/{user}/contact-methods/{method}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.PostAsJsonAsync($"/api/v1/users/{user}/contact-methods", new { kind = "email", target = "evil@example.com" })).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/templates/{template}")).StatusAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/alerts/{alert}/notifications")).StatusAsync(HttpStatusCode.NotFound);
        (await (await other.GetAsync("/api/v1/channels")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();
        (await (await other.GetAsync("/api/v1/templates")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task AlertNotifications_UnknownAlert_NotFound()
    {
        await using var app = await NotificationScenario.StartAsync();
        await (await app.Client.GetAsync("/api/v1/alerts/987654/notifications")).StatusAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenApi_ListsEveryNotificationPath()
    {
        await using var app = await NotificationScenario.StartAsync();
        var paths = (await (await app.Client.GetAsync("/openapi/v1.json")).StatusAsync(HttpStatusCode.OK))!["paths"]!.AsObject().Select(p => p.Key).ToList();
        paths.ShouldContain("/api/v1/channels");
        paths.ShouldContain("/api/v1/channels/{id}");
        paths.ShouldContain("/api/v1/users/{userId}/contact-methods");
        paths.ShouldContain("/api/v1/users/{userId}/notification-rules");
        paths.ShouldContain("/api/v1/alerts/{id}/notifications");
        paths.ShouldContain("/api/v1/inbox");
        paths.ShouldContain("/api/v1/inbox/stream");
        paths.ShouldContain("/api/v1/inbox/unread-count");
        paths.ShouldContain("/api/v1/inbox/{id}/read");
        paths.ShouldContain("/api/v1/templates");
        paths.ShouldContain("/api/v1/templates/{id}/render");
        paths.ShouldContain("/api/v1/templates/render");
    }
}
