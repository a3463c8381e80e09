using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Tocsin.Server.Notifications;

/// <summary>
/// The status-callback URL Tocsin gives the SMS/voice provider for one delivery. The provider calls it without an API key,
/// so the URL carries a token: HMAC-SHA256 of the delivery id under the provider's auth token, which only Tocsin and the
/// provider know. A guessed or replayed-for-another-delivery URL is refused.
/// </summary>
public static class ProviderCallback
{
    /// <summary>Below <c>/api/v1</c>.</summary>
    public const string PathTemplate = "/notifications/{id:long}/provider-status";

    public static string? Url(SmsOptions options, long deliveryId) => options.StatusCallbackBaseUrl is { Length: > 0 } baseUrl
        ? $"{baseUrl.TrimEnd('/')}/api/v1/notifications/{deliveryId.ToString(CultureInfo.InvariantCulture)}/provider-status?token={Token(options, deliveryId)}"
        : null;

    public static string Token(SmsOptions options, long deliveryId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.AuthToken), Encoding.UTF8.GetBytes("delivery:" + deliveryId.ToString(CultureInfo.InvariantCulture))));

    public static bool Verify(SmsOptions options, long deliveryId, string? token) =>
        options.AuthToken.Length > 0 && token is { Length: 64 } &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(options, deliveryId)), Encoding.ASCII.GetBytes(token));

    /// <summary>
    /// What a provider report means for the delivery: DELIVERED, FAILED (with the reason), or null for an intermediate
    /// state (queued, sending, sent, ringing, in-progress) that changes nothing.
    /// </summary>
    public static (string Status, string? Error)? Interpret(string status, string? errorCode) => status.ToLowerInvariant() switch
    {
        "delivered" or "read" or "completed" => (Core.Notifications.DeliveryStatus.Delivered, null),
        "undelivered" or "failed" or "busy" or "no-answer" or "canceled" =>
            (Core.Notifications.DeliveryStatus.Failed, $"provider reports {status.ToLowerInvariant()}" + (string.IsNullOrEmpty(errorCode) ? "" : $" (error {errorCode})")),
        _ => null,
    };
}
