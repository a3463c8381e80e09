using System.ComponentModel.DataAnnotations;

namespace Tocsin.Server.Notifications;

/// <summary>
/// A Twilio-compatible "send message" and "create call" provider. Bound from <c>Tocsin:Notifications:Sms</c>. Messages are
/// POSTed to <c>{BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, voice calls to <c>.../Calls.json</c>, with
/// HTTP Basic auth (AccountSid:AuthToken).
/// </summary>
public sealed class SmsOptions
{
    public const string SectionName = "Tocsin:Notifications:Sms";

    [Required, Url]
    public string BaseUrl { get; set; } = SenderDefaults.SmsBaseUrl;

    [Required]
    public string AccountSid { get; set; } = "";

    [Required]
    public string AuthToken { get; set; } = "";

    /// <summary>Sender number (E.164) or messaging service id, as the provider expects in <c>From</c>.</summary>
    [Required]
    public string From { get; set; } = "";

    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = SenderDefaults.SmsTimeout;

    /// <summary>
    /// Tocsin's base URL as the provider reaches it ("https://tocsin.example.com"). When set, each message and call carries
    /// a <c>StatusCallback</c> there, and the provider's "delivered" / "completed" report marks the delivery DELIVERED.
    /// </summary>
    [Url]
    public string? StatusCallbackBaseUrl { get; set; }

    /// <summary>Voice calls say the text this many times, so a half-asleep listener hears it whole at least once.</summary>
    [Range(1, 5)]
    public int VoiceRepeat { get; set; } = 2;
}
