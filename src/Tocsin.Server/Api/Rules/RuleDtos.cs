namespace Tocsin.Server.Api.Rules;

/// <summary>
/// Body of <c>POST /api/v1/rules</c> (create), <c>PUT</c> (replace: absent fields take their defaults) and <c>PATCH</c>
/// (absent fields stay as they are). Durations are whole seconds; the window must be a whole number of evaluation steps.
/// Example: <code>{"name":"CPU hot","condition":"max(timeMax(cpu.used.percent)) > 95","filter":"env='prod'","segmentBy":["host"],
/// "windowSeconds":60,"holdDurationSeconds":120,"warning":{"op":">","value":80},"severity":2}</code>
/// </summary>
public sealed record RuleRequest(
    string? Name,
    string? Description,
    bool? Enabled,
    string? Condition,
    string? Filter,
    List<string>? SegmentBy,
    string? SegmentCondition,
    int? EvaluationStepSeconds,
    int? WindowSeconds,
    int? HoldDurationSeconds,
    ThresholdDto? Critical,
    ThresholdDto? Warning,
    int? Severity,
    string? NoData,
    List<long>? NotificationChannelIds,
    List<long>? NotifyUserIds,
    int? RenotifyMinutes,
    long? SourceId,
    int? Version);

/// <summary>A level: operator one of <c>&gt; &gt;= &lt; &lt;= = !=</c> and a finite number.</summary>
public sealed record ThresholdDto(string? Op, double? Value);

/// <summary>A rule as the native API shows it; <c>version</c> is also the ETag.</summary>
public sealed record RuleDto(
    long Id,
    string Name,
    string? Description,
    bool Enabled,
    string Condition,
    string? Filter,
    IReadOnlyList<string> SegmentBy,
    string SegmentCondition,
    long EvaluationStepSeconds,
    long WindowSeconds,
    long HoldDurationSeconds,
    ThresholdDto? Critical,
    ThresholdDto? Warning,
    int Severity,
    string NoData,
    IReadOnlyList<long> NotificationChannelIds,
    IReadOnlyList<long> NotifyUserIds,
    long? RenotifyMinutes,
    long? SourceId,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? LastEvaluatedAt);

public sealed record RuleListDto(IReadOnlyList<RuleDto> Items);

/// <summary>Body of <c>POST /api/v1/rules/validate</c>: either or both texts.</summary>
public sealed record RuleValidateRequest(string? Condition, string? Filter);

public sealed record RuleValidateResponse(bool Valid, IReadOnlyList<RuleErrorDto> Errors);

/// <summary>One problem; <c>position</c> (0-based character offset) and <c>expected</c> are set for parse errors.</summary>
public sealed record RuleErrorDto(string Field, int? Position, string? Expected, string Message);

/// <summary>One segment's state; <c>value</c> is absent when the segment had no data.</summary>
public sealed record SegmentStateDto(
    string SegmentKey,
    IReadOnlyDictionary<string, string> Labels,
    string Status,
    string Level,
    double? Value,
    bool HasData,
    DateTimeOffset EvaluatedAt,
    DateTimeOffset? PendingSince,
    DateTimeOffset? FiringSince);

public sealed record RuleStateDto(long RuleId, bool InAlarm, DateTimeOffset? LastEvaluatedAt, IReadOnlyList<SegmentStateDto> Segments);

/// <summary>What evaluating now would do: the segments' would-be states and the alert decisions, none of them applied.</summary>
public sealed record RulePreviewDto(long RuleId, DateTimeOffset EvaluatedAt, bool InAlarm, IReadOnlyList<SegmentStateDto> Segments, IReadOnlyList<RuleDecisionDto> Decisions);

public sealed record RuleDecisionDto(string Kind, string SegmentKey, string DedupKey, string? Level, double? Value);
