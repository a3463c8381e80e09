using Microsoft.Extensions.DependencyInjection;
using Tocsin.Server.Notifications;
using Tocsin.Server.Tests.Infrastructure;
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
        // A sender timeout far beyond the test's wait: the second page must not come out only because the first timed out.
        await using var app = await TocsinApp.StartAsync(services: s =>
        {
            NotificationScenario.Options()(s);
            s.AddSingleton(new WebhookOptions { SigningSecret = NotificationScenario.Secret, Timeout = TimeSpan.FromMinutes(5) });
        });
        var (alice, aliceKey) = await app.PagedUserAsync("Alice");
        await app.ContactMethodAsync(alice, "webhook", sink.Url("/slow").ToString());
        var (bob, bobKey) = await app.PagedUserAsync("Bob");
        await app.ContactMethodAsync(bob, "webhook", sink.Url("/fast").ToString());

        // The workers run on their own, woken by the commits; the second page can only arrive if the worker did not wait
        // for the first.
        await app.TriggerFromAsync(aliceKey, "first");
        await sink.WaitForRequestsAsync(1);
        await app.TriggerFromAsync(bobKey, "second");
        await sink.WaitForRequestsAsync(1, TimeSpan.FromSeconds(10));

        sink.Requests.Select(r => r.Path).ShouldBe(["/slow", "/fast"]);
    }
}
