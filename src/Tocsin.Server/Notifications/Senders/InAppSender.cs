using System.Globalization;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>Writes the notification into the target user's inbox and tells their open streams. Idempotent per delivery.</summary>
public sealed class InAppSender(IInboxStore inbox, InboxHub hub, Cluster.ClusterBus cluster, TimeProvider time) : ISender
{
    public ChannelKind Kind => ChannelKind.InApp;

    public async Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken)
    {
        if (!long.TryParse(message.Target, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
            return new SendResult.Fail($"'{message.Target}' is not a user id");
        var item = new InboxItem(0, userId, message.AlertId, message.Subject, message.TextBody, time.GetUtcNow(), null);
        var added = await inbox.AddAsync(message.TenantId, message.Id, item, cancellationToken).ConfigureAwait(false);
        if (added is not null)
        {
            hub.Publish(message.TenantId, added);
            cluster.InboxItemAdded(message.TenantId, added);
        }
        return new SendResult.Sent(added?.Id.ToString(CultureInfo.InvariantCulture));
    }
}
