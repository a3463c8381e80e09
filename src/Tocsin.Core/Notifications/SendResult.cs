namespace Tocsin.Core.Notifications;

/// <summary>
/// The outcome of one delivery attempt, classified at the sender boundary so the outbox worker never has to
/// interpret transport errors: <see cref="Sent"/> is final, <see cref="Retry"/> schedules another attempt,
/// <see cref="Fail"/> stops (a retry could not succeed, e.g. HTTP 404 or SMTP 550).
/// </summary>
public abstract record SendResult
{
    private SendResult() { }

    /// <param name="ExternalId">The receiver's id for the message when it returns one (Twilio SID, SMTP queue id).</param>
    public sealed record Sent(string? ExternalId) : SendResult;

    /// <param name="RetryAfter">The receiver's own hint (HTTP Retry-After); the schedule never retries sooner.</param>
    public sealed record Retry(string Error, TimeSpan? RetryAfter = null) : SendResult;

    public sealed record Fail(string Error) : SendResult;
}
