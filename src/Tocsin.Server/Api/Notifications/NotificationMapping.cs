using System.Globalization;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Api.Notifications;

/// <summary>Pure request → core and core → DTO mapping for the notification APIs; unknown names are field errors.</summary>
internal static class NotificationMapping
{
    public static Result<ContactMethod> ToContactMethod(ContactMethodRequest r, long userId, long id)
    {
        if (!ChannelKindWire.TryParse(r.Kind, out var kind)) return CoreError.Validation("kind", "must be one of email, webhook, slack, inapp, sms, voice");
        if (r.Label is { Length: > 200 }) return CoreError.Validation("label", "must be at most 200 characters");
        return new ContactMethod(id, userId, kind, r.Target?.Trim() ?? "", r.Label, Verified: false);
    }

    public static Result<NotificationRule> ToRule(NotificationRuleRequest r, long userId, long id)
    {
        if (r.ContactMethodId is not { } methodId) return CoreError.Validation("contactMethodId", "is required");
        return new NotificationRule(id, userId, methodId, TimeSpan.FromMinutes(r.DelayMinutes ?? 0));
    }

    public static Result<NotificationChannel> ToChannel(ChannelRequest r, long id)
    {
        if (!ChannelKindWire.TryParse(r.Kind, out var kind) || kind is ChannelKind.Sms or ChannelKind.Voice)
            return CoreError.Validation("kind", "must be one of webhook, email, slack, inapp");
        return new NotificationChannel(id, r.Name?.Trim() ?? "", kind, r.Targets?.Select(t => t?.Trim() ?? "").ToList() ?? []);
    }

    public static Result<StoredTemplate> ToTemplate(TemplateRequest r, long id)
    {
        if (!ChannelKindWire.TryParse(r.Channel, out var channel)) return CoreError.Validation("channel", "must be one of email, webhook, slack, inapp, sms, voice");
        if (!NotificationEventWire.TryParse(r.Event, out var @event)) return CoreError.Validation("event", "must be one of triggered, acknowledged, resolved, escalated, dropped, digest");
        return new StoredTemplate(id, channel, @event, new TemplateSet(r.Subject ?? "", r.Text, r.Html, r.Json));
    }

    public static ContactMethodDto ToDto(ContactMethod m) => new(m.Id, m.UserId, m.Kind.ToWire(), m.Target, m.Label, m.Verified);
    public static NotificationRuleDto ToDto(NotificationRule r) => new(r.Id, r.UserId, r.ContactMethodId, (int)r.Delay.TotalMinutes);
    public static ChannelDto ToDto(NotificationChannel c) => new(c.Id, c.Name, c.Kind.ToWire(), c.Targets);
    public static TemplateDto ToDto(StoredTemplate t) => new(t.Id, t.Channel.ToWire(), t.Event.ToWire(), t.Set.Subject, t.Set.Text, t.Set.Html, t.Set.Json);
    public static RenderedDto ToDto(RenderedNotification r) => new(r.Subject, r.Text, r.Html, r.Json);
    public static InboxItemDto ToDto(InboxItem i) => new(i.Id, i.AlertId, i.Title, i.Body, i.CreatedAt, i.ReadAt);

    public static NotificationDto ToDto(DeliveryRecord d) => new(d.Id, d.OutboxId, d.UserId, d.ChannelId, d.Kind.ToWire(), d.Target, d.EventType, d.Status,
        d.Attempts, d.CreatedAt, d.NextAttemptAt, d.SentAt, d.LastError, d.ExternalId,
        d.History.Select(a => new DeliveryAttemptDto(a.Attempt, a.At, a.Status, a.Error, a.ExternalId, a.DurationMs)).ToList());

    public static PendingNotificationDto ToDto(OutboxMessage m) => new(m.Id, m.UserId, m.Channel, m.EventType, m.Status, m.CreatedAt);

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
