namespace Tocsin.Core.OnCall;

/// <summary>Users of a tenant. Every call is tenant-scoped: another tenant's user reads as absent.</summary>
public interface IUserStore
{
    Task<User?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<User>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, User user, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, User user, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
    /// <summary>Rotations, overrides, teams and policy rules that name the user.</summary>
    Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct);
    Task<bool> EmailTakenAsync(Guid tenantId, string email, long exceptId, CancellationToken ct);
}
