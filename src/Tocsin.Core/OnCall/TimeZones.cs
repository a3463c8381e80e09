using System.Collections.Concurrent;

namespace Tocsin.Core.OnCall;

/// <summary>
/// IANA zone lookup with a cache, because schedules are evaluated on hot paths and the runtime's lookup takes a lock.
/// </summary>
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> s_cache = new(StringComparer.Ordinal);

    public static bool TryFind(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id)) return false;
        zone = s_cache.GetOrAdd(id, static key =>
            TimeZoneInfo.TryFindSystemTimeZoneById(key, out var found) ? found : null);
        return zone is not null;
    }

    public static TimeZoneInfo Find(string id) =>
        TryFind(id, out var zone) ? zone : throw new TimeZoneNotFoundException($"unknown IANA time zone '{id}'");

    /// <summary>
    /// The instant of a local wall-clock time. A time skipped by spring-forward maps to the instant the clocks
    /// jumped past it (02:30 → 03:30 in Berlin); a repeated fall-back time maps to its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Use the offset in force just before the gap: the resulting UTC instant lies on the far side of it.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local.Ticks - before.Ticks, TimeSpan.Zero);
        }
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var first = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
            return new DateTimeOffset(local.Ticks - first.Ticks, TimeSpan.Zero);
        }
        return new DateTimeOffset(local.Ticks - zone.GetUtcOffset(local).Ticks, TimeSpan.Zero);
    }

    public static DateTime ToLocal(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).DateTime;
}
