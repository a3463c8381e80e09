namespace Tocsin.Core.Notifications;

/// <summary>How a notification reaches its recipient. Stored as the lowercase string from <see cref="ChannelKindWire.ToWire"/>.</summary>
public enum ChannelKind
{
    Webhook,
    Email,
    Slack,
    InApp,
    Sms,
    Voice,
}

/// <summary>Stable stored strings for <see cref="ChannelKind"/>; renaming an enum member must never change them.</summary>
public static class ChannelKindWire
{
    public static string ToWire(this ChannelKind kind) => kind switch
    {
        ChannelKind.Webhook => "webhook",
        ChannelKind.Email => "email",
        ChannelKind.Slack => "slack",
        ChannelKind.InApp => "inapp",
        ChannelKind.Sms => "sms",
        ChannelKind.Voice => "voice",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown channel kind"),
    };

    public static bool TryParse(string? value, out ChannelKind kind)
    {
        ChannelKind? parsed = value switch
        {
            "webhook" => ChannelKind.Webhook,
            "email" => ChannelKind.Email,
            "slack" => ChannelKind.Slack,
            "inapp" => ChannelKind.InApp,
            "sms" => ChannelKind.Sms,
            "voice" => ChannelKind.Voice,
            _ => null,
        };
        kind = parsed.GetValueOrDefault();
        return parsed.HasValue;
    }

    public static ChannelKind Parse(string value) =>
        TryParse(value, out var kind) ? kind : throw new FormatException($"'{value}' is not a channel kind");
}
