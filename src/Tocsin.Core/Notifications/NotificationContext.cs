namespace Tocsin.Core.Notifications;

/// <summary>
/// Everything a template may show about one notification. Status and priority are the core wire strings
/// ("triggered", "critical"), so templates render the same words the API returns.
/// </summary>
/// <param name="ConsoleUrl">Link to the alert in the web console; null when no public URL is configured.</param>
/// <param name="Actor">Who caused the event (user name, "escalation policy", "rule cpu-high"); null for automatic events.</param>
/// <param name="Digest">Set only for <see cref="NotificationEvent.Digest"/>.</param>
public sealed record NotificationContext(
    NotificationEvent Event,
    long AlertId,
    long AlertNumber,
    string Title,
    string? Details,
    string Status,
    string Priority,
    string? Source,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<NotificationLink> Links,
    string? ConsoleUrl,
    string? Actor,
    DateTimeOffset Time,
    StormDigest? Digest = null);

public sealed record NotificationLink(string Text, string Url);
