using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Net.Sockets;
using System.Text;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// SMTP delivery of a multipart/alternative (text + HTML) message through System.Net.Mail (MailKit does not restore here).
/// Connection problems and 4xx replies are transient (retry); 5xx replies are permanent (fail).
/// </summary>
public sealed class EmailSender(SmtpOptions options) : ISender
{
    public const string IdempotencyKeyHeader = "X-Tocsin-Idempotency-Key";

    public ChannelKind Kind => ChannelKind.Email;

    public async Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken)
    {
        MailMessage mail;
        try { mail = Build(message); }
        catch (FormatException e) { return new SendResult.Fail($"invalid address: {e.Message}"); }

        using (mail)
        // SmtpClient is not safe for concurrent sends, so one per message; SMTP has no connection pool to lose.
        using (var client = new SmtpClient(options.Host, options.Port))
        {
            client.DeliveryMethod = SmtpDeliveryMethod.Network;
            client.EnableSsl = options.UseStartTls;
            client.Timeout = (int)options.Timeout.TotalMilliseconds;
            if (!string.IsNullOrEmpty(options.UserName))
                client.Credentials = new NetworkCredential(options.UserName, options.Password);

            // Wall time, like client.Timeout above: a jump of the business clock must not abandon a send in progress
            // (see NotificationHttp.SendAsync).
            using var timeoutSource = new CancellationTokenSource(options.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            try
            {
                await client.SendMailAsync(mail, linked.Token).ConfigureAwait(false);
                return new SendResult.Sent(null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new SendResult.Retry($"SMTP timed out after {options.Timeout.TotalSeconds:0.###} s");
            }
            catch (SmtpFailedRecipientsException e) when (e.InnerExceptions.Length > 0)
            {
                return Classify(e.InnerExceptions[0].StatusCode, e.InnerExceptions[0].Message);
            }
            catch (SmtpException e)
            {
                return Classify(e.StatusCode, Describe(e));
            }
            catch (Exception e) when (e is IOException or SocketException or InvalidOperationException)
            {
                return new SendResult.Retry($"SMTP: {e.Message}");
            }
        }
    }

    /// <summary>4xx replies and failures before any reply (GeneralFailure: connection refused, TLS) are transient.</summary>
    public static SendResult Classify(SmtpStatusCode code, string error)
    {
        var numeric = (int)code;
        return numeric is >= 500 and < 600
            ? new SendResult.Fail($"SMTP {numeric}: {error}")
            : new SendResult.Retry(numeric > 0 ? $"SMTP {numeric}: {error}" : $"SMTP: {error}");
    }

    private MailMessage Build(Delivery message)
    {
        var mail = new MailMessage
        {
            From = new MailAddress(options.From, options.FromName),
            Subject = message.Subject,
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
        };
        mail.To.Add(new MailAddress(message.Target));
        // Receivers and mail filters can spot a re-delivered attempt by these.
        mail.Headers.Add(IdempotencyKeyHeader, message.IdempotencyKey);
        mail.Headers.Add("Message-ID", $"<{Sanitize(message.IdempotencyKey)}@tocsin>");

        var text = message.TextBody ?? message.Subject;
        if (message.HtmlBody is null)
        {
            mail.Body = text;
            mail.IsBodyHtml = false;
        }
        else
        {
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(text, Encoding.UTF8, MediaTypeNames.Text.Plain));
            mail.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(message.HtmlBody, Encoding.UTF8, MediaTypeNames.Text.Html));
        }
        return mail;
    }

    private static string Sanitize(string key) =>
        new(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray());

    private static string Describe(SmtpException e) =>
        e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}
