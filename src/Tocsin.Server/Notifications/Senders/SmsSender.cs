using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// Sends the text body through a Twilio-style "create message" endpoint: form fields To, From, Body; HTTP Basic auth.
/// The provider's message SID becomes the external id.
/// </summary>
public sealed class SmsSender(HttpClient http, SmsOptions options, TimeProvider time) : ISender
{
    public ChannelKind Kind => ChannelKind.Sms;

    public async Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken)
    {
        var text = message.TextBody ?? message.Subject;
        var url = new Uri($"{options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid)}/Messages.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(Form(message, options, new("Body", text))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));
        return await NotificationHttp.SendAsync(http, request, options.Timeout, time, ReadSidAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>To, From, the content field, and the status callback when Tocsin has a public URL for it.</summary>
    internal static List<KeyValuePair<string, string>> Form(Delivery message, SmsOptions options, KeyValuePair<string, string> content)
    {
        var form = new List<KeyValuePair<string, string>> { new("To", message.Target), new("From", options.From), content };
        if (ProviderCallback.Url(options, message.Id) is { } callback) form.Add(new("StatusCallback", callback));
        return form;
    }

    internal static async Task<string?> ReadSidAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("sid", out var sid)
                ? sid.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null; // accepted is accepted; the id is only for the audit trail
        }
    }
}
