using Tocsin.Core.Notifications;

namespace Tocsin.Core.Tests.Notifications;

public sealed class StormGuardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly StormGuard _guard = new(new StormGuardOptions { MaxPerWindow = 3 });

    [Fact]
    public void Offer_UnderLimit_Sends()
    {
        var state = StormWindow.Empty;
        for (var i = 0; i < 3; i++)
        {
            (var decision, state) = _guard.Offer(state, i, T0.AddSeconds(i));
            decision.ShouldBe(StormDecision.Send);
        }
        state.Sent.Length.ShouldBe(3);
    }

    [Fact]
    public void Offer_OverLimit_CoalescesWithDigestDueOneWindowLater()
    {
        var state = Fill(3, T0);
        var (decision, next) = _guard.Offer(state, 99, T0.AddSeconds(10));
        decision.ShouldBe(StormDecision.Coalesce);
        next.Coalesced.ShouldBe(1);
        next.DigestDueAt.ShouldBe(T0.AddSeconds(70));
    }

    [Fact]
    public void Offer_AfterWindowSlides_SendsAgain()
    {
        var state = Fill(3, T0);
        var (decision, _) = _guard.Offer(state, 4, T0.AddSeconds(61));
        decision.ShouldBe(StormDecision.Send);
    }

    [Fact]
    public void Offer_WhileDigestPending_CoalescesEvenWhenSlotFrees()
    {
        var state = Fill(3, T0);
        (_, state) = _guard.Offer(state, 10, T0.AddSeconds(30));
        var (decision, after) = _guard.Offer(state, 11, T0.AddSeconds(65));
        decision.ShouldBe(StormDecision.Coalesce);
        after.Coalesced.ShouldBe(2);
    }

    [Fact]
    public void Close_BeforeDue_ProducesNothing()
    {
        var state = Fill(3, T0);
        (_, state) = _guard.Offer(state, 10, T0.AddSeconds(5));
        _guard.Close(state, T0.AddSeconds(64)).Digest.ShouldBeNull();
    }

    [Fact]
    public void Close_WhenWindowClosed_ProducesDigestWithCountAndText()
    {
        var state = Fill(3, T0);
        for (var i = 0; i < 12; i++) (_, state) = _guard.Offer(state, 100 + i, T0.AddSeconds(5 + i));

        var (digest, after) = _guard.Close(state, T0.AddSeconds(65));

        digest.ShouldNotBeNull();
        digest.Count.ShouldBe(12);
        digest.Text.ShouldBe("12 more alerts");
        digest.AlertIds.ShouldBe([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]); // default sample size 10
        digest.From.ShouldBe(T0.AddSeconds(5));
        after.Coalesced.ShouldBe(0);
        after.Sent.ShouldContain(T0.AddSeconds(65));
    }

    [Fact]
    public void Digest_OneAlert_SingularText() =>
        new StormDigest(1, [], T0, T0).Text.ShouldBe("1 more alert");

    [Fact]
    public void Flow_SustainedStorm_NPerWindowPlusOneDigestPerWindow()
    {
        var table = new StormGuardTable(_guard);
        var key = new StormKey(7, ChannelKind.Sms);
        var sent = 0;
        var digests = new List<StormDigest>();
        // 10 alerts per minute for 5 minutes, ticking every second.
        for (var second = 0; second < 300; second++)
        {
            var now = T0.AddSeconds(second);
            if (second % 6 == 0 && table.Offer(key, second, now) == StormDecision.Send) sent++;
            digests.AddRange(table.CloseDue(now).Select(d => d.Digest));
        }
        digests.AddRange(table.CloseDue(T0.AddMinutes(7)).Select(d => d.Digest)); // the last pending digest
        (sent + digests.Sum(d => d.Count)).ShouldBe(50); // nothing lost
        sent.ShouldBeLessThanOrEqualTo(3 * 5);
        digests.Count.ShouldBeInRange(4, 6);
    }

    [Fact]
    public void Table_KeysAreIndependent()
    {
        var table = new StormGuardTable(_guard);
        for (var i = 0; i < 3; i++) table.Offer(new StormKey(1, ChannelKind.Email), i, T0);
        table.Offer(new StormKey(1, ChannelKind.Email), 9, T0).ShouldBe(StormDecision.Coalesce);
        table.Offer(new StormKey(1, ChannelKind.Sms), 9, T0).ShouldBe(StormDecision.Send);
        table.Offer(new StormKey(2, ChannelKind.Email), 9, T0).ShouldBe(StormDecision.Send);
    }

    [Fact]
    public void Table_CloseDue_ReturnsDigestOnceAndForgetsIdleKeys()
    {
        var table = new StormGuardTable(_guard);
        var key = new StormKey(1, ChannelKind.Email);
        for (var i = 0; i < 5; i++) table.Offer(key, i, T0);
        table.CloseDue(T0.AddSeconds(59)).ShouldBeEmpty();
        var due = table.CloseDue(T0.AddSeconds(60));
        due.Count.ShouldBe(1);
        due[0].Key.ShouldBe(key);
        due[0].Digest.Count.ShouldBe(2);
        table.CloseDue(T0.AddSeconds(61)).ShouldBeEmpty();
        table.CloseDue(T0.AddMinutes(5)).ShouldBeEmpty();
    }

    private StormWindow Fill(int count, DateTimeOffset at)
    {
        var state = StormWindow.Empty;
        for (var i = 0; i < count; i++) (_, state) = _guard.Offer(state, i, at);
        return state;
    }
}
