namespace Tocsin.Core.Notifications;

/// <summary>When to try a failed delivery again, or that it is time to give up.</summary>
/// <remarks>
/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
/// <c>delay = max(MinDelay, uniform(0, min(MaxDelay, BaseDelay · 2^(attempt-1))))</c>, then at least the receiver's
/// Retry-After. Full jitter spreads the retries of a burst that failed together (one receiver outage) instead of
/// re-sending them in lockstep. Polly.Core keeps its delay generator internal to a running pipeline, and the outbox needs a
/// due time to store, not an in-process wait, so the formula lives here with an injectable <see cref="Random"/>.
/// </remarks>
public sealed class RetrySchedule(RetryOptions options, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    /// <param name="attempt">The attempt that just failed, 1 for the first.</param>
    /// <param name="retryAfter">The receiver's Retry-After hint, if any.</param>
    public RetryDecision Next(int attempt, DateTimeOffset createdAt, DateTimeOffset now, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var deadline = createdAt + options.MaxAge;
        if (now >= deadline) return RetryDecision.GiveUp;

        var delay = Delay(attempt);
        if (retryAfter is { } hint && hint > delay) delay = hint;

        var next = now + delay;
        // A retry that would start after the deadline could never be delivered in time; stop now so the
        // failure is recorded when it is known rather than a day later.
        return next > deadline ? RetryDecision.GiveUp : RetryDecision.At(next);
    }

    /// <summary>The jittered delay after <paramref name="attempt"/> failed, without Retry-After or max age.</summary>
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        // Clamp the exponent so 2^n cannot overflow; past ~2^20 the cap applies anyway.
        var exponent = Math.Min(attempt - 1, 30);
        var ceilingTicks = Math.Min(options.MaxDelay.Ticks, options.BaseDelay.Ticks * (double)(1L << exponent));
        var jittered = TimeSpan.FromTicks((long)(_random.NextDouble() * ceilingTicks));
        return jittered < options.MinDelay ? options.MinDelay : jittered;
    }
}

/// <summary>Either the time of the next attempt or "give up" (<see cref="NextAttemptAt"/> is null).</summary>
public readonly record struct RetryDecision(DateTimeOffset? NextAttemptAt)
{
    public static RetryDecision GiveUp => default;

    public static RetryDecision At(DateTimeOffset when) => new(when);

    public bool ShouldGiveUp => NextAttemptAt is null;
}
