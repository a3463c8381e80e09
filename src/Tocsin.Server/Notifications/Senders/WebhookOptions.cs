using System.ComponentModel.DataAnnotations;

namespace Tocsin.Server.Notifications;

/// <summary>Outgoing webhooks. Bound from <c>Tocsin:Notifications:Webhook</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Tocsin:Notifications:Webhook";

    /// <summary>Per request, including reading the response status.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = SenderDefaults.WebhookTimeout;

    /// <summary>HMAC-SHA256 key for the <c>Tocsin-Signature</c> header; no header is sent when empty.</summary>
    public string? SigningSecret { get; set; }

    public string UserAgent { get; set; } = SenderDefaults.UserAgent;
}
