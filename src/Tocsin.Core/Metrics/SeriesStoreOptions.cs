namespace Tocsin.Core.Metrics;

/// <summary>Bounds of the in-memory series store. Every limit is hard: the store never grows past them.</summary>
public sealed record SeriesStoreOptions
{
    public const int DefaultMaxSeries = 1_000_000;
    public const int DefaultMaxPointsPerSeries = 720;
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultMaxFutureSkew = TimeSpan.FromMinutes(5);
    /// <summary>A one-day window (the longest a rule may have) with a day of hold still fits.</summary>
    public static readonly TimeSpan DefaultMaxRetention = TimeSpan.FromDays(2);

    /// <summary>
    /// The retention floor: points older than now − Retention are dropped unless a rule needs more. The store raises it
    /// to the longest window + hold of any enabled rule plus a margin (<see cref="SeriesStore.SetRequiredRetention"/>).
    /// </summary>
    public TimeSpan Retention { get; init; } = DefaultRetention;

    /// <summary>Ceiling of what rules may raise the retention to; a rule needing more is refused. <see cref="MaxPointsPerSeries"/> still bounds memory.</summary>
    public TimeSpan MaxRetention { get; init; } = DefaultMaxRetention;

    /// <summary>A series with no new sample for this long is removed by <see cref="SeriesStore.ExpireStale"/>.</summary>
    public TimeSpan StaleAfter { get; init; } = DefaultRetention;

    public int MaxSeries { get; init; } = DefaultMaxSeries;

    /// <summary>Ring-buffer capacity: when full, the oldest point makes room for the newest.</summary>
    public int MaxPointsPerSeries { get; init; } = DefaultMaxPointsPerSeries;

    public TimeSpan MaxFutureSkew { get; init; } = DefaultMaxFutureSkew;
}
