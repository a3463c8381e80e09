namespace Tocsin.Server.Api.OnCall;

/// <summary>A user. <c>role</c> is user, admin or observer; <c>timeZone</c> an IANA zone (default UTC); <c>language</c> a tag such as en (default).</summary>
public sealed record UserRequest(string? Name, string? Email, string? Phone, string? TimeZone, string? Language, string? Role);

public sealed record UserDto(long Id, string Name, string? Email, string? Phone, string TimeZone, string Language, string Role);

/// <summary>A team member: <c>kind</c> user, schedule or team; <c>role</c> member (default) or lead.</summary>
public sealed record TeamMemberDto(string? Kind, long Id, string? Role);

public sealed record TeamRequest(string? Name, List<TeamMemberDto>? Members);

public sealed record TeamDto(long Id, string Name, IReadOnlyList<TeamMemberDto> Members);

/// <summary><c>unit</c> is hours, days, weeks or minutes (a custom exact duration); <c>count</c> how many.</summary>
public sealed record ShiftLengthDto(string? Unit, int Count);

/// <summary>A local window: <c>day</c> (monday…sunday, absent = every day), <c>start</c>/<c>end</c> as HH:mm.</summary>
public sealed record TimeWindowDto(string? Day, string? Start, string? End);

/// <summary>One rotation: users take turns from <c>start</c>, handing over at <c>handoffTime</c> (HH:mm local).</summary>
public sealed record LayerDto(string? Name, List<long>? Users, DateTimeOffset? Start, ShiftLengthDto? ShiftLength, string? HandoffTime,
    string? TimeZone, List<TimeWindowDto>? Restrictions, DateTimeOffset? End);

/// <summary>Layers in precedence order: a later layer wins where it has someone on call.</summary>
public sealed record ScheduleRequest(string? Name, string? TimeZone, List<LayerDto>? Layers);

public sealed record ScheduleDto(long Id, string Name, string TimeZone, IReadOnlyList<LayerDto> Layers, IReadOnlyList<OverrideDto> Overrides);

public sealed record OverrideRequest(long? UserId, DateTimeOffset? From, DateTimeOffset? Until);

public sealed record OverrideDto(long Id, long UserId, DateTimeOffset From, DateTimeOffset Until);

/// <summary>Who is on call at <c>at</c>; <c>source</c> is layer, override or nobody.</summary>
public sealed record OnCallDto(DateTimeOffset At, long? UserId, string? UserName, string Source, int? LayerIndex, long? OverrideId);

public sealed record ShiftDto(long UserId, string? UserName, DateTimeOffset Start, DateTimeOffset End);
