using System.Globalization;

namespace Tocsin.Core.Tests.OnCall;

internal static class Times
{
    /// <summary>Parses an ISO 8601 instant written with its explicit offset, so tests state local and UTC time at once.</summary>
    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
}
