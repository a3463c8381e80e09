using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using Tocsin.Server.Tests.OnCall;

namespace Tocsin.Server.Tests.Dialects.PagerTree;

/// <summary>#10 with real delivery: a webhook receiver on 127.0.0.1 sees who is paged, before and after a reject.</summary>
public sealed class PagerTreeDeliveryTests
{
    [Fact]
    public async Task Reject_RealReceiver_SeesTheNextPersonPagedAtOnce()
    {
        await using var sink = await HttpSink.StartAsync();
        await using var app = await NotificationScenario.StartAsync();
        var alice = await app.UserAsync("Alice");
        var bob = await app.UserAsync("Bob");
        await app.ContactMethodAsync(alice, "webhook", sink.Url("/alice").ToString());
        await app.ContactMethodAsync(bob, "webhook", sink.Url("/bob").ToString());
        var policy = await app.PolicyAsync([(alice, 5), (bob, 10)]);
        var asAlice = await app.PagerTreeAsUserAsync(alice);

        var alert = await asAlice.CreateAsync($$"""{"title":"db down","destination_ids":["skd_{{policy}}"]}""");
        await app.RunEscalationAsync();
        await app.RunDeliveryAsync();
        await sink.WaitForRequestsAsync(1);
        sink.Requests.Select(r => r.Path).ShouldBe(["/alice"]);

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await asAlice.ActAsync(alert["id"]!.GetValue<string>(), "reject");
        await app.RunDeliveryAsync();
        await sink.WaitForRequestsAsync(1); // counted from the previous wait
        sink.Requests.Select(r => r.Path).ShouldBe(["/alice", "/bob"], "the reject pages Bob now, four minutes before Alice's rule would time out");
        sink.Requests[1].BodyText.ShouldContain("db down");
    }
}
