using System.Collections.Concurrent;
using Tocsin.Core.Common;
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

/// <summary>
/// A tenant's directory, cached across passes and steps until the tenant's config version moves (any write to users,
/// teams, schedules or overrides bumps it), so a pass or a trigger reads one number instead of three lists.
/// </summary>
public sealed class EscalationDirectoryLoader(IScheduleStore schedules, ITeamStore teams, IUserStore users, IConfigVersions versions)
{
    private readonly ConcurrentDictionary<Guid, (long Version, EscalationDirectory Directory)> _cache = new();

    public async Task<EscalationDirectory> LoadAsync(Guid tenantId, CancellationToken ct) =>
        await LoadAsync(tenantId, await versions.CurrentAsync(tenantId, ct), ct);

    /// <param name="version">The tenant's config version, read before this call (a writer reads it on its own transaction).</param>
    public async Task<EscalationDirectory> LoadAsync(Guid tenantId, long version, CancellationToken ct)
    {
        if (_cache.TryGetValue(tenantId, out var hit) && hit.Version == version) return hit.Directory;
        // The lists are read after the version: a change committed in between is tagged with the older version and so
        // is read again next time, never the reverse.
        var s = await schedules.ListAsync(tenantId, ct);
        var t = await teams.ListAsync(tenantId, ct);
        var u = await users.ListAsync(tenantId, ct);
        var directory = new EscalationDirectory(
            s.ToDictionary(x => x.Id),
            t.ToDictionary(x => x.Id, x => (IReadOnlyList<EscalationTarget>)x.Members.Select(m => m.Target).ToList()),
            u.ToDictionary(x => x.Id, x => x.Name));
        _cache[tenantId] = (version, directory);
        return directory;
    }
}
