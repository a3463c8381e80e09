using System.ComponentModel.DataAnnotations;

namespace Tocsin.Server.Notifications;

/// <summary>Outgoing mail. Bound from <c>Tocsin:Notifications:Smtp</c>.</summary>
/// <remarks>
/// System.Net.Mail.SmtpClient does STARTTLS (<see cref="UseStartTls"/>, usually port 587) but not implicit TLS on
/// port 465; use a submission port with STARTTLS.
/// </remarks>
public sealed class SmtpOptions
{
    public const string SectionName = "Tocsin:Notifications:Smtp";

    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = SenderDefaults.SmtpPort;

    /// <summary>Authenticate when set; sent only after STARTTLS unless <see cref="UseStartTls"/> is off.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Upgrade the connection with STARTTLS and fail if the server cannot.</summary>
    public bool UseStartTls { get; set; } = true;

    [Required, EmailAddress]
    public string From { get; set; } = "";

    public string? FromName { get; set; } = "Tocsin";

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = SenderDefaults.SmtpTimeout;
}
