using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>The delivery worker hands batches to the senders and goes on: a slow receiver delays only its own pages.</summary>
public sealed class DeliveryPipelineTests
{
    [Fact]
    public async Task HangingReceiver_NextPageStillGoesOut()
    {
        await using var sink = await HttpSink.StartAsync();
        sink.Respond = r => r.Path.StartsWith("/slow", StringComparison.Ordinal) ? SinkResponse.HangForever : SinkResponse.Ok;
        await using var app = await NotificationScenario.StartAsync();
        var (alice, aliceKey) = await app.PagedUserAsync("Alice");
        await app.ContactMethodAsync(alice, "webhook", sink.Url("/slow").ToString());
        var (bob, bobKey) = await app.PagedUserAsync("Bob");
        await app.ContactMethodAsync(bob, "webhook", sink.Url("/fast").ToString());

        // The workers run on their own, woken by the commits. The test's clock never moves, so the sender's 5 s timeout
        // never ends the hanging request: the second page can only arrive if the worker did not wait for the first.
        await app.TriggerFromAsync(aliceKey, "first");
        await sink.WaitForRequestsAsync(1);
        await app.TriggerFromAsync(bobKey, "second");
        await sink.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));

        sink.Requests.Select(r => r.Path).ShouldBe(["/slow", "/fast"]);
    }
}
