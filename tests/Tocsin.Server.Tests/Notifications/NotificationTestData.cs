using Tocsin.Core.Notifications;

namespace Tocsin.Server.Tests.Notifications;

internal static class NotificationTestData
{
    public static readonly DateTimeOffset Now = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    public static Delivery Message(ChannelKind channel, string target, int attempt = 1, string? key = null)
    {
        var rendered = new NotificationTemplates().Render(channel, NotificationEvent.Triggered, NotificationTemplates.SampleContext);
        return new Delivery(
            Id: 7, TenantId: Guid.Parse("11111111-2222-3333-4444-555555555555"), AlertId: 42, channel, target,
            rendered.Subject, rendered.Text, rendered.Html, rendered.Json,
            IdempotencyKey: key ?? "ntf-7", attempt, CreatedAt: Now);
    }
}
