namespace Tocsin.Core.OnCall;

/// <summary>Over [<see cref="Start"/>, <see cref="End"/>) alerts of the listed sources (all when empty) are recorded but nobody is paged.</summary>
public sealed record MaintenanceWindow(long Id, string? Description, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<long> SourceIds)
{
    public bool Covers(long sourceId, DateTimeOffset at) =>
        at >= Start && at < End && (SourceIds.Count == 0 || SourceIds.Contains(sourceId));
}

public interface IMaintenanceWindowStore
{
    Task<MaintenanceWindow?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<MaintenanceWindow>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, MaintenanceWindow window, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, MaintenanceWindow window, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
}
