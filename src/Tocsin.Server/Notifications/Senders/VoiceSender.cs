using System.Net.Http.Headers;
using System.Security;
using System.Text;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// Places a call through a Twilio-style "create call" endpoint (<c>.../Calls.json</c>: To, From, Twiml; HTTP Basic auth) that
/// reads the text body aloud. The provider's call SID becomes the external id; its "completed" status callback marks the
/// delivery DELIVERED (<see cref="ProviderCallback"/>).
/// </summary>
public sealed class VoiceSender(HttpClient http, SmsOptions options, TimeProvider time) : ISender
{
    public ChannelKind Kind => ChannelKind.Voice;

    public async Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken)
    {
        var url = new Uri($"{options.BaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid)}/Calls.json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(SmsSender.Form(message, options, new("Twiml", Twiml(message.TextBody ?? message.Subject, options.VoiceRepeat)))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));
        return await NotificationHttp.SendAsync(http, request, options.Timeout, time, SmsSender.ReadSidAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TwiML that says <paramref name="text"/>; XML-escaped, since alert titles come from outside.</summary>
    public static string Twiml(string text, int repeat)
    {
        var say = $"<Say>{SecurityElement.Escape(text)}</Say>";
        var sb = new StringBuilder("<Response>");
        for (var i = 0; i < repeat; i++) sb.Append(say);
        return sb.Append("</Response>").ToString();
    }
}
