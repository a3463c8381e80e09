using Tocsin.Core.Notifications;

namespace Tocsin.Core.Tests.Notifications;

public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    private static RetrySchedule Schedule(double draw, RetryOptions? options = null) =>
        new(options ?? new RetryOptions(), new FixedRandom(draw));

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    public void Delay_MaximumDraw_DoublesPerAttempt(int attempt, int seconds) =>
        Schedule(0.999999999).Delay(attempt).TotalSeconds.ShouldBe(seconds, tolerance: 0.001);

    [Fact]
    public void Delay_HalfDraw_IsHalfTheCeiling() =>
        Schedule(0.5).Delay(3).ShouldBe(TimeSpan.FromSeconds(10));

    [Fact]
    public void Delay_ZeroDraw_IsMinDelay() =>
        Schedule(0).Delay(5).ShouldBe(RetryDefaults.MinDelay);

    [Fact]
    public void Delay_ManyAttempts_CappedAtMaxDelay()
    {
        Schedule(0.999999999).Delay(50).ShouldBe(RetryDefaults.MaxDelay, tolerance: TimeSpan.FromMilliseconds(1));
        Schedule(0.999999999).Delay(int.MaxValue).ShouldBeLessThanOrEqualTo(RetryDefaults.MaxDelay);
    }

    [Fact]
    public void Delay_RealRandom_StaysWithinBounds()
    {
        var schedule = new RetrySchedule(new RetryOptions(), new Random(7));
        for (var attempt = 1; attempt < 20; attempt++)
        {
            var d = schedule.Delay(attempt);
            d.ShouldBeGreaterThanOrEqualTo(RetryDefaults.MinDelay);
            d.ShouldBeLessThanOrEqualTo(RetryDefaults.MaxDelay);
        }
    }

    [Fact]
    public void Next_WithinMaxAge_ReturnsNowPlusDelay()
    {
        var now = Created.AddMinutes(1);
        var decision = Schedule(0.5).Next(attempt: 2, Created, now);
        decision.ShouldGiveUp.ShouldBeFalse();
        decision.NextAttemptAt.ShouldBe(now + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Next_RetryAfterLongerThanBackoff_HonoursRetryAfter()
    {
        var decision = Schedule(0.5).Next(1, Created, Created, retryAfter: TimeSpan.FromMinutes(2));
        decision.NextAttemptAt.ShouldBe(Created.AddMinutes(2));
    }

    [Fact]
    public void Next_RetryAfterShorterThanBackoff_KeepsBackoff()
    {
        var decision = Schedule(0.999999999).Next(4, Created, Created, retryAfter: TimeSpan.FromSeconds(1));
        decision.NextAttemptAt!.Value.ShouldBe(Created.AddSeconds(40), tolerance: TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Next_PastMaxAge_GivesUp() =>
        Schedule(0.5).Next(30, Created, Created + RetryDefaults.MaxAge).ShouldGiveUp.ShouldBeTrue();

    [Fact]
    public void Next_NextAttemptWouldPassMaxAge_GivesUp()
    {
        var now = Created + RetryDefaults.MaxAge - TimeSpan.FromSeconds(30);
        Schedule(0.999999999).Next(30, Created, now).ShouldGiveUp.ShouldBeTrue();
    }

    [Fact]
    public void Next_CustomMaxAge_IsRespected()
    {
        var options = new RetryOptions { MaxAge = TimeSpan.FromMinutes(10) };
        Schedule(0.5, options).Next(1, Created, Created.AddMinutes(10)).ShouldGiveUp.ShouldBeTrue();
        Schedule(0.5, options).Next(1, Created, Created.AddMinutes(9)).ShouldGiveUp.ShouldBeFalse();
    }

    [Fact]
    public void Next_AttemptZero_Throws() =>
        Should.Throw<ArgumentOutOfRangeException>(() => Schedule(0.5).Next(0, Created, Created));

    [Fact]
    public void Flow_ReceiverDownForADay_RetriesThenGivesUpWithinMaxAge()
    {
        var schedule = new RetrySchedule(new RetryOptions(), new Random(42));
        var now = Created;
        var attempts = 0;
        while (true)
        {
            attempts++;
            var decision = schedule.Next(attempts, Created, now);
            if (decision.ShouldGiveUp) break;
            decision.NextAttemptAt!.Value.ShouldBeGreaterThan(now);
            now = decision.NextAttemptAt.Value;
        }
        now.ShouldBeLessThanOrEqualTo(Created + RetryDefaults.MaxAge);
        attempts.ShouldBeGreaterThan(90); // probes at least every 15 minutes for a day
    }

    private sealed class FixedRandom(double value) : Random
    {
        public override double NextDouble() => value;
    }
}
