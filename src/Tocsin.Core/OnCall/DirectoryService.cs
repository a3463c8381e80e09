using System.Text.RegularExpressions;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.OnCall;

/// <summary>Users and teams: validation, reference checks and the refusal to delete what is still in use.</summary>
public sealed partial class DirectoryService(IUserStore users, ITeamStore teams, IScheduleStore schedules, TimeProvider time)
{
    public Task<User?> GetUserAsync(Guid tenantId, long id, CancellationToken ct) => users.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<User>> ListUsersAsync(Guid tenantId, CancellationToken ct) => users.ListAsync(tenantId, ct);

    public async Task<Result<User>> SaveUserAsync(Guid tenantId, User user, CancellationToken ct)
    {
        if (ValidateUser(user) is { } error) return error;
        if (user.Email is not null && await users.EmailTakenAsync(tenantId, user.Email, user.Id, ct))
            return CoreError.Conflict($"another user already has email {user.Email}", "email");
        var now = time.GetUtcNow();
        if (user.Id == 0) return user with { Id = await users.InsertAsync(tenantId, user, now, ct) };
        return await users.UpdateAsync(tenantId, user, now, ct) ? user : CoreError.NotFound("user");
    }

    /// <summary>#3: a user still named by a rotation, override, team or policy is not deleted; the answer lists where.</summary>
    public async Task<Result<bool>> DeleteUserAsync(Guid tenantId, long id, CancellationToken ct)
    {
        if (await users.GetAsync(tenantId, id, ct) is null) return CoreError.NotFound("user");
        var usages = await users.UsagesAsync(tenantId, id, ct);
        if (usages.Count > 0) return CoreError.Conflict("user is still used by " + Describe(usages), "id");
        return await users.DeleteAsync(tenantId, id, ct);
    }

    public static string Describe(IReadOnlyList<UserUsage> usages) =>
        string.Join(", ", usages.Select(u => $"{u.Kind} {u.Id} ({u.Name})"));

    private static CoreError? ValidateUser(User u)
    {
        if (string.IsNullOrWhiteSpace(u.Name) || u.Name.Length > 200) return CoreError.Validation("name", "must be 1 to 200 characters");
        if (u.Email is not null && (u.Email.Length > 254 || !EmailPattern().IsMatch(u.Email))) return CoreError.Validation("email", "must be an email address");
        if (u.Phone is not null && !PhonePattern().IsMatch(u.Phone)) return CoreError.Validation("phone", "must be an E.164 number such as +4930123456");
        if (!TimeZones.TryFind(u.TimeZone, out _)) return CoreError.Validation("timeZone", $"unknown IANA time zone '{u.TimeZone}'");
        if (!LanguagePattern().IsMatch(u.Language)) return CoreError.Validation("language", "must be a language tag such as en or de-DE");
        if (!Enum.IsDefined(u.Role)) return CoreError.Validation("role", "unknown role");
        return null;
    }

    public Task<Team?> GetTeamAsync(Guid tenantId, long id, CancellationToken ct) => teams.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<Team>> ListTeamsAsync(Guid tenantId, CancellationToken ct) => teams.ListAsync(tenantId, ct);

    public async Task<Result<Team>> SaveTeamAsync(Guid tenantId, Team team, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(team.Name) || team.Name.Length > 200) return CoreError.Validation("name", "must be 1 to 200 characters");
        var all = await teams.ListAsync(tenantId, ct);
        if (team.Id != 0 && all.All(t => t.Id != team.Id)) return CoreError.NotFound("team");
        for (var i = 0; i < team.Members.Count; i++)
        {
            var m = team.Members[i].Target;
            var exists = m.Kind switch
            {
                TargetKind.User => await users.GetAsync(tenantId, m.Id, ct) is not null,
                TargetKind.Schedule => await schedules.GetAsync(tenantId, m.Id, ct) is not null,
                TargetKind.Team => all.Any(t => t.Id == m.Id),
                _ => false,
            };
            if (!exists) return CoreError.Validation($"members[{i}].id", $"{m.Kind.ToString().ToLowerInvariant()} {m.Id} does not exist");
        }
        if (team.Id != 0)
        {
            // A team that escalates to itself (directly or through other teams) would page forever; refuse it here.
            var graph = all.Where(t => t.Id != team.Id).ToDictionary(t => t.Id, t => (IReadOnlyList<EscalationTarget>)t.Members.Select(m => m.Target).ToList());
            graph[team.Id] = team.Members.Select(m => m.Target).ToList();
            if (TargetResolver.FindTeamCycle(team.Id, graph) is { } cycle)
                return CoreError.Validation("members", "team would include itself: " + string.Join(" → ", cycle));
        }
        var now = time.GetUtcNow();
        if (team.Id == 0) return team with { Id = await teams.InsertAsync(tenantId, team, now, ct) };
        return await teams.UpdateAsync(tenantId, team, now, ct) ? team : CoreError.NotFound("team");
    }

    public async Task<Result<bool>> DeleteTeamAsync(Guid tenantId, long id, CancellationToken ct)
    {
        if (await teams.GetAsync(tenantId, id, ct) is null) return CoreError.NotFound("team");
        var usages = await teams.UsagesAsync(tenantId, id, ct);
        if (usages.Count > 0) return CoreError.Conflict("team is still used by " + Describe(usages), "id");
        return await teams.DeleteAsync(tenantId, id, ct);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguagePattern();
}
