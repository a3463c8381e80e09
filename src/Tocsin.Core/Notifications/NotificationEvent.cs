namespace Tocsin.Core.Notifications;

/// <summary>What happened to the alert that a notification reports. Stored as the lowercase string from <see cref="NotificationEventWire.ToWire"/>.</summary>
public enum NotificationEvent
{
    Triggered,
    Acknowledged,
    Resolved,
    Escalated,
    Dropped,
    /// <summary>A storm-control summary of notifications that were coalesced (see <see cref="StormGuard"/>).</summary>
    Digest,
}

/// <summary>Stable stored strings for <see cref="NotificationEvent"/>.</summary>
public static class NotificationEventWire
{
    public static string ToWire(this NotificationEvent value) => value switch
    {
        NotificationEvent.Triggered => "triggered",
        NotificationEvent.Acknowledged => "acknowledged",
        NotificationEvent.Resolved => "resolved",
        NotificationEvent.Escalated => "escalated",
        NotificationEvent.Dropped => "dropped",
        NotificationEvent.Digest => "digest",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "unknown notification event"),
    };

    public static bool TryParse(string? value, out NotificationEvent result)
    {
        NotificationEvent? parsed = value switch
        {
            "triggered" => NotificationEvent.Triggered,
            "acknowledged" => NotificationEvent.Acknowledged,
            "resolved" => NotificationEvent.Resolved,
            "escalated" => NotificationEvent.Escalated,
            "dropped" => NotificationEvent.Dropped,
            "digest" => NotificationEvent.Digest,
            _ => null,
        };
        result = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    public static NotificationEvent Parse(string value) =>
        TryParse(value, out var result) ? result : throw new FormatException($"'{value}' is not a notification event");
}
