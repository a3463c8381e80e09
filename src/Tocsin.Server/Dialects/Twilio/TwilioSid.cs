using System.Globalization;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Twilio SIDs: two uppercase letters and 32 hex digits. Core ids (64-bit) are carried in the low 16 hex digits with the
/// high 16 zero, so the mapping is reversible; a tenant's account and default instance SIDs carry its GUID (32 hex digits).
/// </summary>
internal static class TwilioSid
{
    public const string Rule = "QY";
    public const string Account = "AC";
    public const string Instance = "GO";
    public const string TaskQueue = "WQ";
    public const string ApiKey = "SK";

    public static string ForId(string prefix, long id) => prefix + id.ToString("x32", CultureInfo.InvariantCulture);

    /// <summary>The core id in a SID of <paramref name="prefix"/>; false for any other shape (negative ids included).</summary>
    public static bool TryParseId(string? sid, string prefix, out long id)
    {
        id = 0;
        if (!IsValid(sid, prefix)) return false;
        var hex = sid!.AsSpan(2);
        if (!hex[..16].ContainsAnyExcept('0')) // the high half must be zero: only then is the SID one that ForId produced
            return long.TryParse(hex[16..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out id) && id > 0;
        return false;
    }

    /// <summary><c>^XX[0-9a-fA-F]{32}$</c> with the given prefix.</summary>
    public static bool IsValid(string? sid, string prefix) =>
        sid is { Length: 34 } && sid.StartsWith(prefix, StringComparison.Ordinal) && !sid.AsSpan(2).ContainsAnyExcept(HexDigits);

    public static string ForTenant(string prefix, Guid tenantId) => prefix + tenantId.ToString("N");

    public static bool TryParseTenant(string? sid, string prefix, out Guid tenantId)
    {
        tenantId = Guid.Empty;
        return IsValid(sid, prefix) && Guid.TryParseExact(sid!.AsSpan(2), "N", out tenantId);
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");
}
