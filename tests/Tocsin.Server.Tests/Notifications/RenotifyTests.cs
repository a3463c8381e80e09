using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Notifications;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Notifications;

public sealed class RenotifyTests
{
    private static Task<int> RunRenotifyAsync(TocsinApp app) => app.Services.GetRequiredService<RenotifyRunner>().RunOnceAsync(default);

    private static async Task<(TocsinApp App, HttpSink Sink, string Key)> SetupAsync(int renotifyMinutes)
    {
        var sink = await HttpSink.StartAsync();
        var app = await NotificationScenario.StartAsync();
        var user = await app.UserAsync("Alice");
        var policy = await app.PolicyAsync([(user, 24 * 60)]);
        var (_, key) = await app.SourceAsync(policy, new { renotifyMinutes });
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());
        return (app, sink, key);
    }

    [Fact]
    public async Task Renotify_UnresolvedAlert_PagesAgainOncePerPeriod()
    {
        var (app, sink, key) = await SetupAsync(renotifyMinutes: 10);
        await using var _ = app;
        await using var __ = sink;
        var alert = await app.PageAsync(key);

        // The worker's own timer may run a pass on each Advance too; passes never overlap, so counting results is enough.
        app.Clock.Advance(TimeSpan.FromMinutes(9));
        await RunRenotifyAsync(app);
        (await app.PagesAsync(alert)).ShouldNotContain(p => p.StartsWith("renotify:", StringComparison.Ordinal));
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunRenotifyAsync(app);
        (await RunRenotifyAsync(app)).ShouldBe(0, "period 1 was already re-notified");
        await app.RunDeliveryAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await RunRenotifyAsync(app);
        await app.RunDeliveryAsync();

        (await app.PagesAsync(alert)).Count(p => p.StartsWith("renotify:", StringComparison.Ordinal)).ShouldBe(2);
        sink.Requests.Count.ShouldBe(3);
        (await app.TimelineAsync(alert)).Select(e => e!["type"]!.GetValue<string>()).Count(t => t == "renotified").ShouldBe(2);
    }

    [Fact]
    public async Task Renotify_ResolvedAlert_NothingMore()
    {
        var (app, sink, key) = await SetupAsync(renotifyMinutes: 10);
        await using var _ = app;
        await using var __ = sink;
        var alert = await app.PageAsync(key);
        await (await app.Client.PostAsync($"/api/v1/alerts/{alert}/resolve", null)).StatusAsync(HttpStatusCode.OK);

        app.Clock.Advance(TimeSpan.FromMinutes(30));
        (await RunRenotifyAsync(app)).ShouldBe(0);
        (await app.PagesAsync(alert)).ShouldNotContain(p => p.StartsWith("renotify:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20_000)]
    public async Task Source_BadRenotifyMinutes_BadRequest(int minutes)
    {
        await using var app = await NotificationScenario.StartAsync();
        await (await app.Client.PostAsJsonAsync("/api/v1/sources", new { name = "x", renotifyMinutes = minutes })).ProblemAsync(HttpStatusCode.BadRequest, "renotifyMinutes");
    }

    [Fact]
    public async Task Source_RenotifyMinutes_RoundTrips()
    {
        await using var app = await NotificationScenario.StartAsync();
        var (id, _) = await app.SourceAsync(null, new { renotifyMinutes = 15 });
        (await (await app.Client.GetAsync($"/api/v1/sources/{id}")).StatusAsync(HttpStatusCode.OK))!["renotifyMinutes"]!.GetValue<int>().ShouldBe(15);
    }
}
