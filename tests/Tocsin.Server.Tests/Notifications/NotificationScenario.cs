using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>Seeds contact methods, rules and channels through the API and drives the delivery worker (#4 tests).</summary>
public static class NotificationScenario
{
    public const string Secret = "test-signing-secret";

    /// <summary>Notification options for tests: a signing secret, a generous storm limit unless asked, short sender timeouts.</summary>
    public static Action<IServiceCollection> Options(int stormMax = 10_000, SmtpOptions? smtp = null) => services =>
    {
        services.AddSingleton(new WebhookOptions { SigningSecret = Secret, Timeout = TimeSpan.FromSeconds(5) });
        services.AddSingleton(new StormGuardOptions { MaxPerWindow = stormMax, Window = TimeSpan.FromMinutes(1) });
        if (smtp is not null) services.AddSingleton(smtp);
    };

    public static Task<TocsinApp> StartAsync(int stormMax = 10_000, SmtpOptions? smtp = null) => TocsinApp.StartAsync(services: Options(stormMax, smtp));

    public static async Task<long> ContactMethodAsync(this TocsinApp app, long userId, string kind, string target, int? delayMinutes = 0)
    {
        var method = (await app.Client.PostOkAsync($"/api/v1/users/{userId}/contact-methods", new { kind, target }))["id"]!.GetValue<long>();
        if (delayMinutes is { } delay)
            await app.Client.PostOkAsync($"/api/v1/users/{userId}/notification-rules", new { contactMethodId = method, delayMinutes = delay });
        return method;
    }

    /// <summary>A user paged by a one-rule policy through a source; returns the user and the source's integration key.</summary>
    public static async Task<(long User, string Key)> PagedUserAsync(this TocsinApp app, string name = "Alice")
    {
        var user = await app.UserAsync(name);
        var policy = await app.PolicyAsync([(user, 24 * 60)]); // long, so no drop notification joins the flow under test
        var (_, key) = await app.SourceAsync(policy);
        return (user, key);
    }

    /// <summary>Triggers an alert and runs escalation and delivery once.</summary>
    public static async Task<long> PageAsync(this TocsinApp app, string key, string summary = "Checkout down", string? dedupKey = null)
    {
        var alert = await app.TriggerFromAsync(key, summary, dedupKey);
        await app.RunEscalationAsync();
        await app.RunDeliveryAsync();
        return alert;
    }

    /// <summary>
    /// A server whose delivery worker is off (as if killed before it got to the rows), with <paramref name="count"/>
    /// notifications of one alert queued for a shared webhook channel pointing at <paramref name="sink"/>.
    /// </summary>
    public static async Task<(TocsinApp App, Guid Tenant, long Channel)> QueuedChannelNotificationsAsync(HttpSink sink, int count, DeliveryOptions? delivery = null)
    {
        var app = await TocsinApp.StartAsync(services: s => { Options()(s); s.AddSingleton(delivery ?? new DeliveryOptions { WorkerEnabled = false }); });
        var channel = (await app.Client.PostOkAsync("/api/v1/channels",
            new { name = "bulk", kind = "webhook", targets = new[] { sink.Url("/bulk").ToString() } }))["id"]!.GetValue<long>();
        var tenant = await app.DefaultTenantAsync();
        var alertId = await app.TriggerAsync("Bulk");
        await app.Services.GetRequiredService<AlertWriter>().ExecuteAsync(async w =>
        {
            var alert = (await w.Session.GetAsync(tenant, alertId, default))!;
            for (var i = 0; i < count; i++) await NotificationEnqueue.ToChannelAsync(w, alert, channel, NotificationEvents.Triggered, $"n{i}", default);
            return true;
        }, default);
        return (app, tenant, channel);
    }

    /// <summary>Expands up to <paramref name="limit"/> queued channel notifications into deliveries, as a delivery pass would.</summary>
    public static async Task ExpandChannelNotificationsAsync(this TocsinApp app, Guid tenant, long channel, int limit)
    {
        var store = app.Services.GetRequiredService<IDeliveryStore>();
        var now = app.Clock.GetUtcNow();
        var target = (await app.Services.GetRequiredService<INotificationSettingsStore>().ChannelAsync(tenant, channel, default))!;
        await store.ExpandAsync((await store.PendingAsync(now, limit, default)).Select(r => (r, DeliveryPlanner.ForChannel(target, now))).ToList(), now, default);
    }

    public static Task<int> RunDeliveryAsync(this TocsinApp app) =>
        app.Services.GetRequiredService<DeliveryRunner>().RunOnceAsync(CancellationToken.None);

    /// <summary>Advances the clock and runs delivery once (the timer's own pass may run too; passes never overlap).</summary>
    public static async Task AdvanceAndDeliverAsync(this TocsinApp app, TimeSpan by)
    {
        app.Clock.Advance(by);
        await app.RunDeliveryAsync();
    }

    public static async Task<JsonArray> NotificationsAsync(this TocsinApp app, long alertId, HttpClient? client = null) =>
        (await (await (client ?? app.Client).GetAsync($"/api/v1/alerts/{alertId}/notifications")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray();

    public static string[] Statuses(this JsonNode? notification) =>
        notification!["history"]!.AsArray().Select(a => a!["status"]!.GetValue<string>()).ToArray();
}
