using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Sources;

/// <summary>
/// #3: a source's auto-resolve timeout is a durable timer row, pushed back by every event and resolved by "system".
/// The server's own worker may resolve an alert in the same instant as the test's pass (the fake clock fires its timer too),
/// so a due alert is checked by its status, not by which pass counted it.
/// </summary>
public sealed class AutoResolveTests
{
    private static Task<int> RunAutoResolveAsync(TocsinApp app) =>
        app.Services.GetRequiredService<AutoResolveRunner>().RunOnceAsync(CancellationToken.None);

    [Fact]
    public async Task AutoResolve_NoEventForTheTimeout_ResolvedBySystemAndEscalationStops()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        var (_, key) = await app.SourceAsync(await app.PolicyAsync([(alice, 20), (bob, 20)]), new { autoResolveTimeoutMinutes = 30 });
        var alert = await app.TriggerFromAsync(key, "disk full", "host-1");
        await app.RunEscalationAsync();

        app.Clock.Advance(TimeSpan.FromMinutes(15));
        (await RunAutoResolveAsync(app)).ShouldBe(0);
        await app.TriggerFromAsync(key, "disk full", "host-1"); // a new event: the timer restarts from now
        app.Clock.Advance(TimeSpan.FromMinutes(29));
        (await RunAutoResolveAsync(app)).ShouldBe(0);
        (await app.StatusOfAsync(alert)).ShouldBe("triggered");

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await RunAutoResolveAsync(app);
        (await app.StatusOfAsync(alert)).ShouldBe("resolved");
        var last = (await app.TimelineAsync(alert)).Last(e => e!["type"]!.GetValue<string>() == "resolved")!;
        last["actor"]!.GetValue<string>().ShouldBe("system");
        last["text"]!.GetValue<string>().ShouldContain("auto-resolved");

        // Escalation stopped with the resolve: Bob (rule 2, due 20 min after the trigger) was paged before, nobody after.
        var pages = await app.PagesAsync(alert);
        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.RunEscalationAsync();
        (await app.PagesAsync(alert)).ShouldBe(pages);
        (await RunAutoResolveAsync(app)).ShouldBe(0);
    }

    [Fact]
    public async Task AutoResolve_SurvivesRestart()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, new { autoResolveTimeoutMinutes = 10 });
        var alert = await app.TriggerFromAsync(key, "flapping check");
        await app.RestartAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await RunAutoResolveAsync(app);
        (await app.StatusOfAsync(alert)).ShouldBe("resolved");
    }

    [Fact]
    public async Task AutoResolve_ResolvedByHandMeanwhile_TimerDoesNothing()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null, new { autoResolveTimeoutMinutes = 10 });
        var alert = await app.TriggerFromAsync(key, "flapping check");
        (await app.Client.PostAsync($"/api/v1/alerts/{alert}/resolve", null)).EnsureSuccessStatusCode();
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        (await RunAutoResolveAsync(app)).ShouldBe(0);
        (await app.TimelineAsync(alert)).Count(e => e!["type"]!.GetValue<string>() == "resolved").ShouldBe(1);
    }

    [Fact]
    public async Task AutoResolve_SourceWithoutTimeout_NeverResolves()
    {
        await using var app = await TocsinApp.StartAsync();
        var (_, key) = await app.SourceAsync(null);
        var alert = await app.TriggerFromAsync(key, "slow");
        app.Clock.Advance(TimeSpan.FromDays(30));
        (await RunAutoResolveAsync(app)).ShouldBe(0);
        (await app.StatusOfAsync(alert)).ShouldBe("triggered");
    }
}
