using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>Stands in for a channel whose provider is not configured, so its deliveries fail with a message naming the setting.</summary>
public sealed class UnconfiguredSender(ChannelKind kind, string reason) : ISender
{
    public ChannelKind Kind => kind;

    public Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken) =>
        Task.FromResult<SendResult>(new SendResult.Fail(reason));
}
