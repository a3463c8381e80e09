using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// POSTs the rendered JSON payload to the target URL with <c>Idempotency-Key</c> and, when a secret is configured,
/// <c>Tocsin-Signature</c>. Give it a client from <see cref="NotificationHttp.CreateClient"/> with an <see cref="AddressGuard"/>.
/// </summary>
public sealed class WebhookSender(HttpClient http, WebhookOptions options, TimeProvider time) : ISender
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string AttemptHeader = "Tocsin-Attempt";

    public ChannelKind Kind => ChannelKind.Webhook;

    public Task<SendResult> SendAsync(Delivery message, CancellationToken cancellationToken)
    {
        if (message.JsonPayload is null) return Task.FromResult<SendResult>(new SendResult.Fail("no JSON payload was rendered"));
        if (!Uri.TryCreate(message.Target, UriKind.Absolute, out var url))
            return Task.FromResult<SendResult>(new SendResult.Fail($"'{message.Target}' is not an absolute URL"));

        var body = Encoding.UTF8.GetBytes(message.JsonPayload);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        request.Headers.Add(IdempotencyKeyHeader, message.IdempotencyKey);
        request.Headers.Add(AttemptHeader, message.Attempt.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(options.SigningSecret))
            request.Headers.Add(WebhookSignature.HeaderName,
                WebhookSignature.Compute(options.SigningSecret, time.GetUtcNow().ToUnixTimeSeconds(), body));
        return SendDisposingAsync(request, cancellationToken);
    }

    private async Task<SendResult> SendDisposingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
            return await NotificationHttp.SendAsync(http, request, options.Timeout, time, null, cancellationToken).ConfigureAwait(false);
    }
}
