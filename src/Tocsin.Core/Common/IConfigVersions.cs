namespace Tocsin.Core.Common;

/// <summary>
/// A per-tenant number that changes with every write to what paging reads on each pass: users, teams, schedules and
/// their overrides, contact methods, notification rules, channels and templates. The database bumps it (triggers), so
/// a change made by any node, API or tool is seen; caches compare one number instead of re-reading the lists.
/// </summary>
public interface IConfigVersions
{
    Task<long> CurrentAsync(Guid tenantId, CancellationToken ct);
}
