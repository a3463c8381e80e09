namespace Tocsin.Core.Metrics;

/// <summary>Outcome of storing one sample. Everything but <see cref="Ok"/> means nothing was stored.</summary>
public enum AppendResult
{
    Ok,
    InvalidName,
    InvalidLabel,
    InvalidValue,
    /// <summary>Older than the newest point of its series (points are kept in time order).</summary>
    OutOfOrder,
    /// <summary>Older than the retention window, so no rule could ever see it.</summary>
    TooOld,
    TooFarInFuture,
    /// <summary>A new series was refused because the store holds <see cref="SeriesStoreOptions.MaxSeries"/>.</summary>
    SeriesLimitExceeded,
}

/// <summary>
/// Outcome of a batch. A batch with an invalid sample stores nothing (<see cref="Accepted"/> is 0 and
/// <see cref="ErrorIndex"/> names the first bad one); a valid batch stores what it can and counts the rest.
/// </summary>
public sealed record BatchAppendResult(int Accepted, int Rejected, int ErrorIndex, AppendResult Error, string? Message)
{
    public bool IsInvalid => Error is AppendResult.InvalidName or AppendResult.InvalidLabel or AppendResult.InvalidValue;
}
