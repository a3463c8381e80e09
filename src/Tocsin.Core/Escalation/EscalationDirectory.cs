using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>What target resolution needs about a tenant at one moment: schedules, team members and user names.</summary>
public sealed record EscalationDirectory(
    IReadOnlyDictionary<long, Schedule> Schedules,
    IReadOnlyDictionary<long, IReadOnlyList<EscalationTarget>> Teams,
    IReadOnlyDictionary<long, string> UserNames)
{
    // A tick pages thousands of alerts that share one policy snapshot (the same rule list instance) at one clock
    // reading; resolving each (rule, instant) once turns per-alert schedule calculations into a lookup.
    private readonly Dictionary<(IReadOnlyList<EscalationTarget>, DateTimeOffset), TargetResolution> _resolved = new(ResolutionKeyComparer.Instance);

    public TargetResolution Resolve(IReadOnlyList<EscalationTarget> targets, DateTimeOffset at)
    {
        lock (_resolved)
        {
            if (_resolved.TryGetValue((targets, at), out var hit)) return hit;
            if (_resolved.Count > 1_000) _resolved.Clear();
            return _resolved[(targets, at)] = TargetResolver.Resolve(targets, Schedules, Teams, at);
        }
    }

    private sealed class ResolutionKeyComparer : IEqualityComparer<(IReadOnlyList<EscalationTarget> Targets, DateTimeOffset At)>
    {
        public static readonly ResolutionKeyComparer Instance = new();
        public bool Equals((IReadOnlyList<EscalationTarget> Targets, DateTimeOffset At) x, (IReadOnlyList<EscalationTarget> Targets, DateTimeOffset At) y) =>
            ReferenceEquals(x.Targets, y.Targets) && x.At == y.At;
        public int GetHashCode((IReadOnlyList<EscalationTarget> Targets, DateTimeOffset At) k) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(k.Targets), k.At);
    }

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
