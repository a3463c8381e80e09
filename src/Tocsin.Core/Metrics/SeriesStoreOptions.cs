namespace Tocsin.Core.Metrics;

/// <summary>Bounds of the in-memory series store. Every limit is hard: the store never grows past them.</summary>
public sealed record SeriesStoreOptions
{
    public const int DefaultMaxSeries = 1_000_000;
    public const int DefaultMaxPointsPerSeries = 720;
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultMaxFutureSkew = TimeSpan.FromMinutes(5);

    /// <summary>Points older than now − Retention are dropped; set it to the longest rule window plus a margin.</summary>
    public TimeSpan Retention { get; init; } = DefaultRetention;

    /// <summary>A series with no new sample for this long is removed by <see cref="SeriesStore.ExpireStale"/>.</summary>
    public TimeSpan StaleAfter { get; init; } = DefaultRetention;

    public int MaxSeries { get; init; } = DefaultMaxSeries;

    /// <summary>Ring-buffer capacity: when full, the oldest point makes room for the newest.</summary>
    public int MaxPointsPerSeries { get; init; } = DefaultMaxPointsPerSeries;

    public TimeSpan MaxFutureSkew { get; init; } = DefaultMaxFutureSkew;
}
