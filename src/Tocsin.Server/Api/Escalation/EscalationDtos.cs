namespace Tocsin.Server.Api.Escalation;

/// <summary>Who a rule pages: <c>kind</c> user, schedule (whoever is on call) or team (every member).</summary>
public sealed record TargetDto(string? Kind, long Id);

/// <summary>Page the targets, then wait <c>timeoutMinutes</c> for an acknowledgement before the next rule.</summary>
public sealed record RuleDto(int TimeoutMinutes, List<TargetDto>? Targets);

/// <summary>Rules run in order; <c>repeat</c> runs the whole list that many more times before the alert is dropped.</summary>
public sealed record PolicyRequest(string? Name, int? Repeat, int? InitialDelayMinutes, List<RuleDto>? Rules);

public sealed record PolicyDto(long Id, string Name, int Repeat, int InitialDelayMinutes, IReadOnlyList<RuleDto> Rules);

/// <summary>Exactly one of <c>userId</c>, <c>policyId</c> (starts a fresh escalation) or <c>scheduleId</c> (whoever is on call now).</summary>
public sealed record AssignRequest(long? UserId, long? PolicyId, long? ScheduleId);

/// <summary>Exactly one of <c>userId</c> or <c>teamId</c>; the new target is notified and must acknowledge.</summary>
public sealed record HandoffRequest(long? UserId, long? TeamId, string? Note);

public sealed record RejectRequest(string? Note);

public sealed record ResponderRequest(long? UserId);

public sealed record SuggestedResponderDto(long UserId, string Name, string Reason);
