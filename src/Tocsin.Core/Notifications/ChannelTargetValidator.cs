using System.Globalization;
using System.Net;
using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Tocsin.Core.Notifications;

/// <param name="Field">The request field the error belongs to, for a problem+json "errors" map.</param>
public sealed record TargetValidationError(string Field, string Message);

/// <summary>
/// Configuration-time checks of a channel target, so a bad URL or address is a 4xx when it is saved rather than a
/// delivery that fails at 3 a.m. Delivery still re-checks addresses (DNS can change; see <see cref="AddressGuard"/>).
/// </summary>
public static partial class ChannelTargetValidator
{
    public const int MaxUrlLength = 2048;

    /// <param name="guard">When given, an IP-literal URL host is checked against it now.</param>
    public static IReadOnlyList<TargetValidationError> Validate(ChannelKind kind, string? target, string field = "target", AddressGuard? guard = null)
    {
        if (string.IsNullOrWhiteSpace(target)) return [new(field, "is required")];
        var error = kind switch
        {
            ChannelKind.Webhook or ChannelKind.Slack => UrlError(target, guard),
            ChannelKind.Email => EmailError(target),
            ChannelKind.Sms or ChannelKind.Voice => PhoneError(target),
            ChannelKind.InApp => long.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? null : "must be a user id",
            _ => "unknown channel kind",
        };
        return error is null ? [] : [new(field, error)];
    }

    private static string? UrlError(string target, AddressGuard? guard)
    {
        if (target.Length > MaxUrlLength) return $"must be at most {MaxUrlLength} characters";
        if (!Uri.TryCreate(target, UriKind.Absolute, out var uri)) return "must be an absolute URL";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return "must use http or https";
        if (string.IsNullOrEmpty(uri.Host)) return "must have a host";
        // Credentials in the URL would be stored and logged in clear; use the signing secret instead.
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "must not contain a user name or password";
        if (guard is not null && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && guard.Check(ip) is { Allowed: false } d)
            return $"is not allowed: {d.Reason}";
        return null;
    }

    private static string? EmailError(string target)
    {
        // MailAddress accepts display names and comments ("Ops <ops@x>"); a target is a bare address only.
        if (!MailAddress.TryCreate(target, out var address) || address.Address != target.Trim() || target != target.Trim())
            return "must be a single email address like ops@example.com";
        return address.Host.Contains('.') || address.Host == "localhost" ? null : "must have a domain like example.com";
    }

    private static string? PhoneError(string target) =>
        E164().IsMatch(target) ? null : "must be an E.164 phone number like +4915123456789";

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}
