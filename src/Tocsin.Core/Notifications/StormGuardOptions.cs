using System.ComponentModel.DataAnnotations;

namespace Tocsin.Core.Notifications;

/// <summary>Storm control per user and channel. Bound from <c>Tocsin:Notifications:Storm</c>.</summary>
public sealed class StormGuardOptions
{
    public const string SectionName = "Tocsin:Notifications:Storm";

    /// <summary>Off: every notification is sent on its own (benchmarks, or a receiver that does its own rate limiting).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Notifications sent individually per window; the excess is coalesced into one digest.</summary>
    [Range(1, 10_000)]
    public int MaxPerWindow { get; set; } = StormGuardDefaults.MaxPerWindow;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = StormGuardDefaults.Window;

    /// <summary>How many coalesced alert ids a digest names; the count is always exact.</summary>
    [Range(0, 1_000)]
    public int DigestSampleSize { get; set; } = StormGuardDefaults.DigestSampleSize;
}

public static class StormGuardDefaults
{
    public const int MaxPerWindow = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const int DigestSampleSize = 10;
}
