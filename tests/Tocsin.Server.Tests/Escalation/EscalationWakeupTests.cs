using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Escalation;

/// <summary>#3: a commit that starts an escalation wakes the worker, so the first page does not wait for the poll.</summary>
public sealed class EscalationWakeupTests
{
    [Fact]
    public async Task Trigger_FirstPageQueuedWithoutAnyClockTick()
    {
        await using var app = await TocsinApp.StartAsync();
        var alice = await app.UserAsync("Alice");
        var (_, key) = await app.SourceAsync(await app.PolicyAsync([(alice, 5)]));
        var alert = await app.TriggerFromAsync(key);

        // The fake clock never moves here, so the worker's poll timer never fires: only the commit's wake-up can page Alice.
        // Waiting on the worker (a real background task) is bounded by a deadline, not a sleep for a timer.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        string[] pages;
        while ((pages = await app.PagesAsync(alert)).Length == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        pages.ShouldBe([$"triggered:{alice}"]);
    }
}
