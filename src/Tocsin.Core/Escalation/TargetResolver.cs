using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>Concrete users for a step, in first-seen order without duplicates, plus anything that could not be resolved.</summary>
public sealed record TargetResolution(IReadOnlyList<long> UserIds, IReadOnlyList<FieldError> Errors)
{
    public bool HasErrors => Errors.Count > 0;
}

/// <summary>
/// Turns a rule's targets into the users to page at an instant: schedules through
/// <see cref="ScheduleCalculator.OnCallAt"/>, teams through their members, which may be users, schedules or other teams.
/// </summary>
public static class TargetResolver
{
    public static TargetResolution Resolve(
        IReadOnlyList<EscalationTarget> targets,
        IReadOnlyDictionary<long, Schedule> schedules,
        IReadOnlyDictionary<long, IReadOnlyList<EscalationTarget>> teamMembers,
        DateTimeOffset now)
    {
        var walk = new Walk(schedules, teamMembers, now);
        for (var i = 0; i < targets.Count; i++)
            walk.Visit(targets[i], $"targets[{i}]");
        return new TargetResolution(walk.Users, walk.Errors);
    }

    /// <summary>The first cycle reachable from a team, as the chain of team ids ending where it started, or null.</summary>
    public static IReadOnlyList<long>? FindTeamCycle(long teamId, IReadOnlyDictionary<long, IReadOnlyList<EscalationTarget>> teamMembers)
    {
        var path = new List<long>();
        var finished = new HashSet<long>();
        return Search(teamId);

        List<long>? Search(long team)
        {
            var at = path.IndexOf(team);
            if (at >= 0) return [.. path.Skip(at), team];
            if (!finished.Add(team) || !teamMembers.TryGetValue(team, out var members)) return null;
            path.Add(team);
            foreach (var m in members)
            {
                if (m.Kind != TargetKind.Team) continue;
                if (Search(m.Id) is { } cycle) return cycle;
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    private sealed class Walk(
        IReadOnlyDictionary<long, Schedule> schedules,
        IReadOnlyDictionary<long, IReadOnlyList<EscalationTarget>> teamMembers,
        DateTimeOffset now)
    {
        private readonly HashSet<long> _seenUsers = [];
        private readonly HashSet<long> _expandedTeams = [];
        private readonly List<long> _teamPath = [];

        public List<long> Users { get; } = [];
        public List<FieldError> Errors { get; } = [];

        public void Visit(EscalationTarget target, string field)
        {
            switch (target.Kind)
            {
                case TargetKind.User:
                    AddUser(target.Id);
                    break;
                case TargetKind.Schedule when schedules.TryGetValue(target.Id, out var schedule):
                    if (ScheduleCalculator.OnCallAt(schedule, now).UserId is { } onCall) AddUser(onCall);
                    break;
                case TargetKind.Schedule:
                    Errors.Add(new(field, $"schedule {target.Id} does not exist"));
                    break;
                case TargetKind.Team:
                    VisitTeam(target.Id, field);
                    break;
                default:
                    Errors.Add(new(field, $"unknown target kind {(int)target.Kind}"));
                    break;
            }
        }

        private void VisitTeam(long teamId, string field)
        {
            var at = _teamPath.IndexOf(teamId);
            if (at >= 0)
            {
                var chain = string.Join(" → ", _teamPath.Skip(at).Append(teamId));
                Errors.Add(new(field, $"team {teamId} includes itself: {chain}"));
                return;
            }
            // A team reached twice through different parents (a diamond) is not a cycle; expand it once.
            if (_expandedTeams.Contains(teamId)) return;
            if (!teamMembers.TryGetValue(teamId, out var members))
            {
                Errors.Add(new(field, $"team {teamId} does not exist"));
                return;
            }
            _teamPath.Add(teamId);
            foreach (var member in members) Visit(member, field);
            _teamPath.RemoveAt(_teamPath.Count - 1);
            _expandedTeams.Add(teamId);
        }

        private void AddUser(long userId)
        {
            if (_seenUsers.Add(userId)) Users.Add(userId);
        }
    }
}
