namespace Tocsin.Core.Alerts;

/// <summary>Deletes bookkeeping that only matters for a while, so the database does not grow without bound.</summary>
public interface IRetentionStore
{
    /// <summary>Removes idempotency records created before <paramref name="before"/>, at most <paramref name="limit"/>; returns how many.</summary>
    Task<int> PurgeIdempotencyAsync(DateTimeOffset before, int limit, CancellationToken ct);
}
