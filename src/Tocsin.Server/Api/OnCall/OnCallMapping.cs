using System.Globalization;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;

namespace Tocsin.Server.Api.OnCall;

/// <summary>Pure mapping between on-call DTOs and core records. Shape errors name the JSON field; rule checks live in the services.</summary>
internal static class OnCallMapping
{
    public static Result<User> ToUser(UserRequest r, long id)
    {
        var role = UserRole.User;
        if (r.Role is not null && !TryRole(r.Role, out role)) return CoreError.Validation("role", $"unknown role '{r.Role}'; expected user, admin or observer");
        return new User(id, r.Name ?? "", r.Email, r.Phone, r.TimeZone ?? "UTC", r.Language ?? "en", role);
    }

    private static bool TryRole(string s, out UserRole role)
    {
        role = s switch { "user" => UserRole.User, "admin" => UserRole.Admin, "observer" => UserRole.Observer, _ => (UserRole)(-1) };
        return Enum.IsDefined(role);
    }

    public static UserDto ToDto(User u) => new(u.Id, u.Name, u.Email, u.Phone, u.TimeZone, u.Language, u.Role.ToString().ToLowerInvariant());

    public static Result<Team> ToTeam(TeamRequest r, long id)
    {
        var members = new List<TeamMember>();
        var list = r.Members ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null) return CoreError.Validation($"members[{i}]", "must be an object");
            if (!TryKind(list[i].Kind, out var kind)) return CoreError.Validation($"members[{i}].kind", "must be user, schedule or team");
            var role = list[i].Role switch { null or "member" => TeamRole.Member, "lead" => TeamRole.Lead, _ => (TeamRole)(-1) };
            if (!Enum.IsDefined(role)) return CoreError.Validation($"members[{i}].role", "must be member or lead");
            if (id != 0 && kind == TargetKind.Team && list[i].Id == id) return CoreError.Validation($"members[{i}].id", "a team cannot include itself");
            members.Add(new TeamMember(new EscalationTarget(kind, list[i].Id), role));
        }
        return new Team(id, r.Name ?? "", members);
    }

    public static TeamDto ToDto(Team t) => new(t.Id, t.Name,
        t.Members.Select(m => new TeamMemberDto(KindName(m.Target.Kind), m.Target.Id, m.Role == TeamRole.Lead ? "lead" : "member")).ToList());

    public static bool TryKind(string? s, out TargetKind kind)
    {
        kind = s switch { "user" => TargetKind.User, "schedule" => TargetKind.Schedule, "team" => TargetKind.Team, _ => (TargetKind)(-1) };
        return Enum.IsDefined(kind);
    }

    public static string KindName(TargetKind k) => k switch { TargetKind.User => "user", TargetKind.Schedule => "schedule", _ => "team" };

    public static Result<Schedule> ToSchedule(ScheduleRequest r, long id)
    {
        if (r.Layers is null) return CoreError.Validation("layers", "a schedule needs at least one layer");
        var layers = new List<ScheduleLayer>();
        for (var i = 0; i < r.Layers.Count; i++)
        {
            var l = r.Layers[i];
            var at = $"layers[{i}].";
            if (l is null) return CoreError.Validation($"layers[{i}]", "must be an object");
            if (l.Start is not { } start) return CoreError.Validation(at + "start", "is required");
            if (l.ShiftLength is not { } len) return CoreError.Validation(at + "shiftLength", "is required");
            ShiftLength shift;
            switch (len.Unit)
            {
                case "hours": shift = ShiftLength.Hours(len.Count); break;
                case "days": shift = ShiftLength.Days(len.Count); break;
                case "weeks": shift = ShiftLength.Weeks(len.Count); break;
                case "minutes": shift = ShiftLength.Of(TimeSpan.FromMinutes(len.Count)); break;
                default: return CoreError.Validation(at + "shiftLength.unit", "must be hours, days, weeks or minutes");
            }
            if (len.Count <= 0) return CoreError.Validation(at + "shiftLength.count", "must be greater than zero");
            if (!TryTime(l.HandoffTime ?? "00:00", out var handoff)) return CoreError.Validation(at + "handoffTime", "must be HH:mm");
            var windows = ToWindows(l.Restrictions, at + "restrictions");
            if (!windows.IsOk) return windows.Error!;
            layers.Add(new ScheduleLayer(l.Name ?? $"Layer {i + 1}", l.Users ?? [], start, shift, handoff)
            {
                TimeZone = l.TimeZone,
                Restrictions = windows.Value!,
                End = l.End,
            });
        }
        return new Schedule(id, r.Name ?? "", r.TimeZone ?? "", layers);
    }

    public static Result<IReadOnlyList<TimeWindow>> ToWindows(List<TimeWindowDto>? list, string path)
    {
        var result = new List<TimeWindow>();
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            var w = list![i];
            if (w is null) return CoreError.Validation($"{path}[{i}]", "must be an object");
            DayOfWeek? day = null;
            if (w.Day is not null)
            {
                if (!Enum.TryParse<DayOfWeek>(w.Day, ignoreCase: true, out var d) || !char.IsLetter(w.Day[0]))
                    return CoreError.Validation($"{path}[{i}].day", "must be monday … sunday");
                day = d;
            }
            if (!TryTime(w.Start, out var s)) return CoreError.Validation($"{path}[{i}].start", "must be HH:mm");
            if (!TryTime(w.End, out var e)) return CoreError.Validation($"{path}[{i}].end", "must be HH:mm");
            result.Add(new TimeWindow(day, s, e));
        }
        return result;
    }

    public static bool TryTime(string? s, out TimeOnly t) => TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out t);

    public static List<TimeWindowDto> ToDto(IReadOnlyList<TimeWindow> windows) =>
        windows.Select(w => new TimeWindowDto(w.Day?.ToString().ToLowerInvariant(), Hm(w.Start), Hm(w.End))).ToList();

    private static string Hm(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static ScheduleDto ToDto(Schedule s) => new(s.Id, s.Name, s.TimeZone,
        s.Layers.Select(l => new LayerDto(l.Name, l.Users.ToList(), l.Start, ToDto(l.ShiftLength), Hm(l.HandoffTime), l.TimeZone, ToDto(l.Restrictions), l.End)).ToList(),
        s.Overrides.Select(ToDto).ToList());

    private static ShiftLengthDto ToDto(ShiftLength s) => s.Kind switch
    {
        RotationKind.Hourly => new("hours", s.Count),
        RotationKind.Daily => new("days", s.Count),
        RotationKind.Weekly => new("weeks", s.Count),
        _ => new("minutes", (int)s.Custom.TotalMinutes),
    };

    public static OverrideDto ToDto(ScheduleOverride o) => new(o.Id, o.UserId, o.From, o.Until);

    public static Result<ScheduleOverride> ToOverride(OverrideRequest r)
    {
        if (r.UserId is not { } user) return CoreError.Validation("userId", "is required");
        if (r.From is not { } from) return CoreError.Validation("from", "is required");
        if (r.Until is not { } until) return CoreError.Validation("until", "is required");
        return new ScheduleOverride(0, user, from, until);
    }

    /// <summary>Parses an ISO 8601 instant query parameter; absent gives <paramref name="fallback"/>.</summary>
    public static Result<DateTimeOffset> Instant(HttpRequest request, string name, DateTimeOffset? fallback)
    {
        string? text = request.Query[name];
        if (string.IsNullOrEmpty(text))
            return fallback is { } f ? f : CoreError.Validation(name, "is required (ISO 8601 instant)");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t : CoreError.Validation(name, $"'{text}' is not an ISO 8601 instant");
    }
}
