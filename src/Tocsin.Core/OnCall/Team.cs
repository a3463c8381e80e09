using Tocsin.Core.Escalation;

namespace Tocsin.Core.OnCall;

public enum TeamRole
{
    Member,
    Lead,
}

/// <summary>A member is a user, a schedule (whoever is on call) or another team.</summary>
public readonly record struct TeamMember(EscalationTarget Target, TeamRole Role);

public sealed record Team(long Id, string Name, IReadOnlyList<TeamMember> Members);

public interface ITeamStore
{
    Task<Team?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<Team>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, Team team, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, Team team, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
    /// <summary>Policies and teams that reference the team, so deleting it can be refused.</summary>
    Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct);
}
