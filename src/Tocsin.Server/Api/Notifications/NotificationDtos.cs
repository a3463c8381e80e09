namespace Tocsin.Server.Api.Notifications;

/// <summary>A way to reach a user. <c>kind</c>: email, webhook, slack, inapp, sms, voice.</summary>
/// <param name="Target">Email address, http(s) URL, E.164 number, or (inapp) the user's own id.</param>
public sealed record ContactMethodRequest(string? Kind, string? Target, string? Label);

public sealed record ContactMethodDto(long Id, long UserId, string Kind, string Target, string? Label, bool Verified);

/// <summary>Notify through a contact method once an alert has been unacknowledged for <c>delayMinutes</c> (0 = at once).</summary>
public sealed record NotificationRuleRequest(long? ContactMethodId, int? DelayMinutes);

public sealed record NotificationRuleDto(long Id, long UserId, long ContactMethodId, int DelayMinutes);

/// <summary>A shared channel: webhook URLs, email addresses, one Slack incoming-webhook URL, or in-app user ids.</summary>
public sealed record ChannelRequest(string? Name, string? Kind, List<string>? Targets);

public sealed record ChannelDto(long Id, string Name, string Kind, IReadOnlyList<string> Targets);

/// <summary>
/// A Handlebars override for one channel kind and event (triggered, acknowledged, resolved, escalated, dropped, digest).
/// <c>json</c> renders with JSON string escaping, <c>html</c> with HTML escaping.
/// </summary>
public sealed record TemplateRequest(string? Channel, string? Event, string? Subject, string? Text, string? Html, string? Json);

public sealed record TemplateDto(long Id, string Channel, string Event, string Subject, string? Text, string? Html, string? Json);

public sealed record RenderedDto(string Subject, string? Text, string? Html, string? Json);

public sealed record InboxItemDto(long Id, long? AlertId, string Title, string? Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record UnreadCountDto(long Unread);

public sealed record DeliveryAttemptDto(int Attempt, DateTimeOffset At, string Status, string? Error, string? ExternalId, long DurationMs);

/// <summary>One delivery of a notification to one target, with every attempt. Status: SCHEDULED, RETRY, SENT, DELIVERED (the provider confirmed), FAILED, SKIPPED, COALESCED.</summary>
public sealed record NotificationDto(long Id, long? OutboxId, long? UserId, long? ChannelId, string Channel, string Target, string Event, string Status,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError, string? ExternalId,
    IReadOnlyList<DeliveryAttemptDto> History);

/// <summary>A notification intent not yet expanded into deliveries (its user's rules or channel are read at delivery time).</summary>
public sealed record PendingNotificationDto(long Id, long? UserId, string Channel, string Event, string Status, DateTimeOffset CreatedAt);

public sealed record AlertNotificationsDto(IReadOnlyList<NotificationDto> Items, IReadOnlyList<PendingNotificationDto> Pending);
