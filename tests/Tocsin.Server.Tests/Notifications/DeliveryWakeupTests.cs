using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Alerts;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>
/// A commit that writes outbox rows wakes the delivery worker, so a page does not wait for the poll; a commit that writes
/// none does not, so plain event ingest does not make the worker claim (a write) after every batch.
/// </summary>
public sealed class DeliveryWakeupTests
{
    private sealed class Recorder : IOutboxCommitListener
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public void OnOutboxCommitted() => Interlocked.Increment(ref _count);
    }

    [Fact]
    public async Task OutboxListeners_ToldOnlyAboutCommitsThatWroteOutboxRows()
    {
        var recorder = new Recorder();
        await using var app = await TocsinApp.StartAsync(services: s => { NotificationScenario.Options()(s); s.AddSingleton<IOutboxCommitListener>(recorder); });
        var alice = await app.UserAsync("Alice");
        var (_, key) = await app.SourceAsync(await app.PolicyAsync([(alice, 5)]));

        await app.SendEventsAsync(new { dedupKey = "no-source", summary = "nobody is paged for this" });
        await app.SendEventsAsync(new { dedupKey = "no-source", summary = "nobody is paged for this" });
        recorder.Count.ShouldBe(0);

        await app.TriggerFromAsync(key, dedupKey: "checkout");
        recorder.Count.ShouldBe(1, "rule 1 paged Alice in the trigger's commit");
        await app.TriggerFromAsync(key, dedupKey: "checkout");
        recorder.Count.ShouldBe(1, "a repeat of the open alert pages nobody");
    }

    [Fact]
    public async Task Trigger_WebhookArrivesWithoutAnyClockTick()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "webhook", sink.Url("/hook").ToString());
        await app.TriggerFromAsync(key);

        // The fake clock never moves, so neither worker's poll timer fires: only the commit's wake-up delivers the page.
        // Waiting on the worker (a real background task) is bounded by a deadline, not a sleep for a timer.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (sink.Requests.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        sink.Requests.ShouldHaveSingleItem().Path.ShouldBe("/hook");
    }
}
