namespace Tocsin.Core.Notifications;

/// <summary>Transports one rendered <see cref="Delivery"/> over one channel kind.</summary>
public interface ISender
{
    ChannelKind Kind { get; }

    /// <summary>
    /// Makes one attempt. Expected delivery failures (receiver down, 4xx, timeouts) are returned as
    /// <see cref="SendResult.Retry"/> or <see cref="SendResult.Fail"/>, never thrown; only cancellation of
    /// <paramref name="cancellationToken"/> throws.
    /// </summary>
    Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken);
}
