using System.Globalization;
using System.Text.Json.Nodes;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using Tocsin.Core.Routing;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// PagerTree's <c>/user</c>, <c>/team</c> and <c>/router</c> resources (#10) over <see cref="DirectoryService"/>,
/// <see cref="ScheduleService"/> and <see cref="RouterService"/>, so <c>usr_</c>/<c>tem_</c>/<c>rtr_</c> ids can be had without the native API.
/// </summary>
internal sealed class PagerTreeDirectory(DirectoryService directory, ScheduleService schedules, RouterService routers, TimeProvider time)
{
    private static readonly TimeSpan ShiftWindow = TimeSpan.FromDays(35);

    public async Task<Result<PagerTreeUser>> CreateUserAsync(Guid tenantId, PagerTreeUserRequest r, CancellationToken ct)
    {
        var user = ToUser(r);
        if (!user.IsOk) return user.Error!;
        var saved = await directory.SaveUserAsync(tenantId, user.Value!, ct);
        return saved.IsOk ? ToDto(saved.Value!, tenantId) : Named(saved.Error!);
    }

    public async Task<Result<PagerTreeUser>> GetUserAsync(Guid tenantId, long id, CancellationToken ct) =>
        await directory.GetUserAsync(tenantId, id, ct) is { } u ? ToDto(u, tenantId) : CoreError.NotFound("user");

    public async Task<PagerTreePage<PagerTreeUser>> ListUsersAsync(Guid tenantId, PagerTreePaging paging, CancellationToken ct) =>
        paging.Apply((await directory.ListUsersAsync(tenantId, ct)).Select(u => ToDto(u, tenantId)).ToList());

    public async Task<Result<PagerTreeTeam>> CreateTeamAsync(Guid tenantId, PagerTreeTeamRequest r, CancellationToken ct)
    {
        var team = await ToTeamAsync(tenantId, r, ct);
        if (!team.IsOk) return team.Error!;
        var saved = await directory.SaveTeamAsync(tenantId, team.Value!, ct);
        return saved.IsOk ? ToDto(saved.Value!, tenantId) : Named(saved.Error!);
    }

    public async Task<Result<PagerTreeTeam>> GetTeamAsync(Guid tenantId, long id, CancellationToken ct) =>
        await directory.GetTeamAsync(tenantId, id, ct) is { } t ? ToDto(t, tenantId) : CoreError.NotFound("team");

    public async Task<PagerTreePage<PagerTreeTeam>> ListTeamsAsync(Guid tenantId, PagerTreePaging paging, CancellationToken ct) =>
        paging.Apply((await directory.ListTeamsAsync(tenantId, ct)).Select(t => ToDto(t, tenantId)).ToList());

    /// <summary>The team's user members (direct members only; schedule and team members are not users), paged.</summary>
    public async Task<Result<PagerTreePage<PagerTreeUser>>> MembersAsync(Guid tenantId, long id, PagerTreePaging paging, CancellationToken ct)
    {
        if (await directory.GetTeamAsync(tenantId, id, ct) is not { } team) return CoreError.NotFound("team");
        var users = new List<PagerTreeUser>();
        foreach (var m in team.Members.Where(m => m.Target.Kind == TargetKind.User).Select(m => m.Target.Id).Distinct())
            if (await directory.GetUserAsync(tenantId, m, ct) is { } u) users.Add(ToDto(u, tenantId));
        return paging.Apply(users);
    }

    /// <summary>
    /// Who the team pages now, as PagerTree events: one per schedule member (its current shift: attendee, start, end) and
    /// one for the direct user members (always paged by Tocsin, so no end). Member teams are not expanded.
    /// </summary>
    public async Task<Result<List<PagerTreeEvent>>> CurrentOnCallAsync(Guid tenantId, long id, CancellationToken ct)
    {
        if (await directory.GetTeamAsync(tenantId, id, ct) is not { } team) return CoreError.NotFound("team");
        var now = time.GetUtcNow();
        var events = new List<PagerTreeEvent>();
        var users = team.Members.Where(m => m.Target.Kind == TargetKind.User).Select(m => PagerTreeMapping.UserId(m.Target.Id)).Distinct().ToList();
        if (users.Count > 0)
            events.Add(Event(tenantId, $"evt_tem{id}", id, null, users, now.ToUnixTimeSeconds(), null, null, new JsonObject { ["kind"] = "team_members" }));
        foreach (var m in team.Members.Where(m => m.Target.Kind == TargetKind.Schedule))
        {
            if (await schedules.GetAsync(tenantId, m.Target.Id, ct) is not { } s) continue;
            // Shifts come clipped to the window asked for: ask wide enough that start and end are the shift's own (up to 35 days).
            var shift = ScheduleCalculator.FinalShifts(s, now - ShiftWindow, now + ShiftWindow).FirstOrDefault(x => x.Start <= now && now < x.End);
            if (shift == default) continue;
            var start = shift.Start.ToUnixTimeSeconds();
            events.Add(Event(tenantId, $"evt_sch{s.Id}_{start.ToString(CultureInfo.InvariantCulture)}", s.Id, null, [PagerTreeMapping.UserId(shift.UserId)], start,
                shift.End.ToUnixTimeSeconds(), s.TimeZone, new JsonObject { ["kind"] = "schedule", ["schedule"] = s.Name, ["tocsin_schedule_id"] = s.Id.ToString(CultureInfo.InvariantCulture) }));
        }
        return events;
    }

    public async Task<Result<PagerTreeRouter>> CreateRouterAsync(Guid tenantId, PagerTreeRouterRequest r, CancellationToken ct)
    {
        var router = PagerTreeRouterMapping.ToRouter(r);
        if (!router.IsOk) return router.Error!;
        var saved = await routers.SaveAsync(tenantId, router.Value!, ct);
        return saved.IsOk ? PagerTreeRouterMapping.ToDto(saved.Value!, tenantId) : Named(saved.Error!);
    }

    public async Task<PagerTreePage<PagerTreeRouter>> ListRoutersAsync(Guid tenantId, PagerTreePaging paging, CancellationToken ct) =>
        paging.Apply((await routers.ListAsync(tenantId, ct)).Select(r => PagerTreeRouterMapping.ToDto(r, tenantId)).ToList());

    private static PagerTreeEvent Event(Guid tenantId, string id, long tinyId, string? scheduleId, List<string> attendees, long start, long? end, string? tz, JsonObject meta) => new()
    {
        Sid = PagerTreeMapping.AccountId(tenantId), Id = id, Meta = meta, TinyId = tinyId, ScheduleId = scheduleId,
        Attendees = attendees, Layer = 1, Start = start, End = end, Repeat = false, Timezone = tz,
    };

    // ---- mapping ----

    internal static Result<User> ToUser(PagerTreeUserRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) return CoreError.Validation("name", "'name' is a required parameter");
        if (r.Emails is not { Count: > 0 }) return CoreError.Validation("emails", "'emails' is a required parameter (at least one {\"email\":…})");
        if (r.Emails.Count > 1) return CoreError.Validation("emails", "'emails' may hold one address: Tocsin keeps one email per user");
        if (r.Emails[0]?.Email is not { Length: > 0 } email) return CoreError.Validation("emails[0].email", "'emails[0].email' is a required parameter");
        if (r.Phones is { Count: > 1 }) return CoreError.Validation("phones", "'phones' may hold one number: Tocsin keeps one phone per user");
        string? phone = null;
        if (r.Phones is [var p])
        {
            if (p?.Phone is not { Length: > 0 } number) return CoreError.Validation("phones[0].phone", "'phones[0].phone' is a required parameter");
            phone = number;
        }
        var role = r.Roles?.Admin == true ? UserRole.Admin : UserRole.User;
        return new User(0, r.Name, email, phone, r.Preferences?.Timezone ?? "UTC", r.Preferences?.Locale ?? "en", role);
    }

    private async Task<Result<Team>> ToTeamAsync(Guid tenantId, PagerTreeTeamRequest r, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) return CoreError.Validation("name", "'name' is a required parameter");
        var members = new List<TeamMember>();
        foreach (var (list, field, role) in new[] { (r.AdminIds, "admin_ids", TeamRole.Lead), (r.MemberUserIds, "member_user_ids", TeamRole.Member) })
        {
            if (list is null) continue;
            if (list.Count > 500) return CoreError.Validation(field, $"'{field}' may name at most 500 users");
            for (var i = 0; i < list.Count; i++)
            {
                if (!PagerTreeMapping.TryParseUserId(list[i], out var uid)) return CoreError.Validation($"{field}[{i}]", $"'{field}[{i}]' must be a user id (usr_…), not '{list[i]}'");
                if (await directory.GetUserAsync(tenantId, uid, ct) is null) return CoreError.Validation($"{field}[{i}]", $"'{field}[{i}]' names {list[i]}, which does not exist");
                if (members.All(m => m.Target.Id != uid)) members.Add(new TeamMember(EscalationTarget.User(uid), role));
            }
        }
        return new Team(0, r.Name, members);
    }

    internal static PagerTreeUser ToDto(User u, Guid tenantId) => new()
    {
        Sid = PagerTreeMapping.AccountId(tenantId),
        Id = PagerTreeMapping.UserId(u.Id),
        Meta = [],
        TinyId = u.Id,
        Name = u.Name,
        Emails = u.Email is null ? [] : [new PagerTreeEmail(u.Email)],
        Phones = u.Phone is null ? [] : [new PagerTreePhone(u.Phone)],
        Preferences = new PagerTreePreferences(u.TimeZone, u.Language),
        Roles = new PagerTreeRoles(u.Role == UserRole.Admin, false, false),
    };

    internal static PagerTreeTeam ToDto(Team t, Guid tenantId) => new()
    {
        Sid = PagerTreeMapping.AccountId(tenantId),
        Id = PagerTreeMapping.TeamId(t.Id),
        Meta = [],
        TinyId = t.Id,
        Name = t.Name,
        AdminIds = t.Members.Where(m => m.Target.Kind == TargetKind.User && m.Role == TeamRole.Lead).Select(m => PagerTreeMapping.UserId(m.Target.Id)).ToList(),
        MemberUserIds = t.Members.Where(m => m.Target.Kind == TargetKind.User).Select(m => PagerTreeMapping.UserId(m.Target.Id)).ToList(),
        StakeholderIds = [],
    };

    /// <summary>Core validation messages name the native field; PagerTree's quote the parameter.</summary>
    private static CoreError Named(CoreError e) => e.Field switch
    {
        "email" => e with { Field = "emails[0].email" },
        "phone" => e with { Field = "phones[0].phone" },
        "timeZone" => e with { Field = "preferences.timezone" },
        "language" => e with { Field = "preferences.locale" },
        "default" => e with { Field = "default_receiver" },
        { } f when f.EndsWith(".target", StringComparison.Ordinal) => e with { Field = f[..^".target".Length] + ".actions[0].receiver" },
        _ => e,
    };
}

/// <summary>PagerTree paging for the directory lists: <c>limit</c> 1..100 (10), <c>offset</c> or 1-based <c>page</c>.</summary>
internal readonly record struct PagerTreePaging(int Limit, int Offset)
{
    public PagerTreePage<T> Apply<T>(List<T> all) => new(all.Skip(Offset).Take(Limit).ToList(), all.Count > Offset + Limit, all.Count);

    public static Result<PagerTreePaging> Parse(IQueryCollection q)
    {
        var parsed = PagerTreeEndpoints.ParseList(new QueryCollection(q.Where(kv => kv.Key is "limit" or "offset" or "page")
            .ToDictionary(kv => kv.Key, kv => kv.Value)));
        if (!parsed.IsOk) return parsed.Error!;
        return new PagerTreePaging(parsed.Value.Query!.Limit, parsed.Value.Offset);
    }
}
