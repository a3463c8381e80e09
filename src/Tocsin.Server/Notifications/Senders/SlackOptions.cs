using System.ComponentModel.DataAnnotations;

namespace Tocsin.Server.Notifications;

/// <summary>Slack incoming webhooks. Bound from <c>Tocsin:Notifications:Slack</c>.</summary>
public sealed class SlackOptions
{
    public const string SectionName = "Tocsin:Notifications:Slack";

    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = SenderDefaults.SlackTimeout;
}
