using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// POSTs the rendered Slack blocks JSON to an incoming-webhook URL (Slack, or compatible: Mattermost, Rocket.Chat).
/// Slack answers 200 "ok", 4xx for bad payloads or removed channels (fail) and 429/5xx when throttled or down (retry).
/// </summary>
public sealed class SlackSender(HttpClient http, SlackOptions options, TimeProvider time) : ISender
{
    public ChannelKind Kind => ChannelKind.Slack;

    public async Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(message.Target, UriKind.Absolute, out var url))
            return new SendResult.Fail($"'{message.Target}' is not an absolute URL");
        // Without rendered blocks, fall back to plain text so a custom template lacking JSON still notifies.
        var payload = message.JsonPayload ?? JsonSerializer.Serialize(new { text = message.TextBody ?? message.Subject });
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(payload)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return await NotificationHttp.SendAsync(http, request, options.Timeout, time, null, cancellationToken).ConfigureAwait(false);
    }
}
