using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>What target resolution needs about a tenant at one moment: schedules, team members and user names.</summary>
public sealed record EscalationDirectory(
    IReadOnlyDictionary<long, Schedule> Schedules,
    IReadOnlyDictionary<long, IReadOnlyList<EscalationTarget>> Teams,
    IReadOnlyDictionary<long, string> UserNames)
{
    public TargetResolution Resolve(IReadOnlyList<EscalationTarget> targets, DateTimeOffset at) =>
        TargetResolver.Resolve(targets, Schedules, Teams, at);

    public string NameOf(long userId) => UserNames.TryGetValue(userId, out var n) ? n : $"user {userId}";
}

public sealed class EscalationDirectoryLoader(IScheduleStore schedules, ITeamStore teams, IUserStore users)
{
    public async Task<EscalationDirectory> LoadAsync(Guid tenantId, CancellationToken ct)
    {
        var s = await schedules.ListAsync(tenantId, ct);
        var t = await teams.ListAsync(tenantId, ct);
        var u = await users.ListAsync(tenantId, ct);
        return new EscalationDirectory(
            s.ToDictionary(x => x.Id),
            t.ToDictionary(x => x.Id, x => (IReadOnlyList<EscalationTarget>)x.Members.Select(m => m.Target).ToList()),
            u.ToDictionary(x => x.Id, x => x.Name));
    }
}
