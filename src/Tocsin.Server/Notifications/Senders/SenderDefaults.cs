namespace Tocsin.Server.Notifications;

public static class SenderDefaults
{
    // Long enough for a slow receiver behind a proxy, short enough that a hung one does not hold a sender slot
    // for long; the attempt is retried anyway.
    public static readonly TimeSpan WebhookTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SlackTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan SmsTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);
    public const int SmtpPort = 587;
    public const string UserAgent = "Tocsin-Notifier/1";
    public const string SmsBaseUrl = "https://api.twilio.com";
}
