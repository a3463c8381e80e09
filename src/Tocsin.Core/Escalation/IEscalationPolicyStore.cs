using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

public interface IEscalationPolicyStore
{
    Task<EscalationPolicy?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<EscalationPolicy>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, EscalationPolicy policy, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, EscalationPolicy policy, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
    /// <summary>Sources that use the policy, so deleting it can be refused.</summary>
    Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct);
}
