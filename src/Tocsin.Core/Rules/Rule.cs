namespace Tocsin.Core.Rules;

/// <summary>
/// An alert rule over metrics, the one model that IBM metric alerts, Genesys interaction-stats rules and
/// Twilio Flex Insights rules map onto. <see cref="Condition"/> and <see cref="Filter"/> are kept as text
/// (what the dialects store and echo back); <see cref="RuleValidator"/> parses them into a <see cref="CompiledRule"/>.
/// </summary>
public sealed record Rule
{
    public long Id { get; init; }

    public Guid TenantId { get; init; }

    /// <summary>Unique per tenant; uniqueness is the store's job, emptiness the validator's.</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>Condition language text, e.g. <c>max(timeMax(cpu.used.percent)) &gt; 95</c>.</summary>
    public required string Condition { get; init; }

    /// <summary>Scope filter text; null or empty means every series of the metric.</summary>
    public string? Filter { get; init; }

    /// <summary>Labels whose values split the series into segments, each with its own state and alert.</summary>
    public IReadOnlyList<string> SegmentBy { get; init; } = [];

    public SegmentCondition SegmentCondition { get; init; } = SegmentCondition.Any;

    /// <summary>How often the rule runs; the window must be a whole number of steps.</summary>
    public TimeSpan EvaluationStep { get; init; } = RuleDefaults.EvaluationStep;

    /// <summary>The time aggregation covers (now − Window, now].</summary>
    public TimeSpan Window { get; init; } = RuleDefaults.Window;

    /// <summary>"for": how long the condition must hold before the segment fires (IBM <c>timespan</c>, Twilio <c>notify_duration</c>).</summary>
    public TimeSpan HoldDuration { get; init; }

    /// <summary>
    /// Explicit levels. When the condition is a single comparison, they apply to its aggregated value:
    /// <see cref="Critical"/>, if set, replaces the condition's own comparison; <see cref="Warning"/> adds
    /// a lower level. A compound condition (and/or/not) is the critical level and takes no explicit levels.
    /// </summary>
    public Threshold? Critical { get; init; }

    public Threshold? Warning { get; init; }

    /// <summary>Syslog scale 0 (emergency) to 7 (debug), as IBM stores it.</summary>
    public int Severity { get; init; } = RuleDefaults.Severity;

    public NoDataBehaviour NoData { get; init; } = NoDataBehaviour.Ok;

    public IReadOnlyList<long> NotificationChannelIds { get; init; } = [];

    public IReadOnlyList<long> NotifyUserIds { get; init; } = [];

    /// <summary>Which of a notified user's contact method kinds are used (Genesys <c>alertTypes</c>); null: all of them.</summary>
    public IReadOnlyList<Notifications.ChannelKind>? NotifyKinds { get; init; }

    /// <summary>While firing, notify again this often; null means once.</summary>
    public TimeSpan? RenotifyInterval { get; init; }

    /// <summary>The alert source whose escalation policy handles this rule's alerts.</summary>
    public long? SourceId { get; init; }

    /// <summary>Owning team (IBM <c>teamId</c>); null means the whole tenant. #7: the IBM dialect scopes by it.</summary>
    public long? TeamId { get; init; }

    /// <summary>Optimistic concurrency: the store refuses an update carrying a stale version.</summary>
    public int Version { get; init; }

    /// <summary>
    /// What the rule judges (#7). <see cref="RuleKind.Threshold"/> is the condition language; the other kinds are IBM's
    /// anomaly and event alerts and read <see cref="Monitor"/> or <see cref="Events"/> instead of a metric condition.
    /// </summary>
    public RuleKind Kind { get; init; } = RuleKind.Threshold;

    /// <summary>The metrics a <see cref="RuleKind.Baseline"/> or <see cref="RuleKind.HostComparison"/> rule watches; empty otherwise.</summary>
    public IReadOnlyList<MonitoredMetric> Monitor { get; init; } = [];

    /// <summary>Which ingested events a <see cref="RuleKind.EventCount"/> rule counts; null otherwise.</summary>
    public EventCriteria? Events { get; init; }
}

/// <summary>How a rule decides that a segment meets its condition.</summary>
public enum RuleKind
{
    /// <summary>The condition language over aggregated metrics (IBM MANUAL, Genesys, Twilio, native rules).</summary>
    Threshold,
    /// <summary>IBM BASELINE: the window's value deviates from the segment's own preceding windows (<see cref="AnomalyDefaults"/>).</summary>
    Baseline,
    /// <summary>IBM HOST_COMPARISON: a segment's window value deviates from the other segments of the same window.</summary>
    HostComparison,
    /// <summary>IBM EVENT: <c>count(customEvent) &lt;op&gt; N</c> over the ingested events matching <see cref="Rule.Events"/>.</summary>
    EventCount,
}

/// <summary>One monitored metric of an anomaly rule: deviating by more than <see cref="StdDevFactor"/> standard deviations fires.</summary>
public sealed record MonitoredMetric(string Metric, double StdDevFactor);

/// <summary>
/// Events an event-count rule counts: <see cref="Text"/> is a case-insensitive substring of the alert title, <see cref="Source"/>
/// the event's source (case-insensitive equality); null matches anything.
/// </summary>
public sealed record EventCriteria(string? Text, string? Source)
{
    public bool Matches(string title, string? source) =>
        (string.IsNullOrEmpty(Text) || title.Contains(Text, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(Source) || string.Equals(Source, source, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// The statistics of anomaly rules. The baseline of a <see cref="RuleKind.Baseline"/> segment is its value in each of the
/// <see cref="BaselineWindows"/> windows immediately before the current one (same length, same aggregation), read from the
/// series store, whose retention grows to cover them (<see cref="RuleRetention"/>). No extra state is kept, so the baseline
/// survives a restart with the series snapshot and its memory is bounded by the retention.
/// </summary>
public static class AnomalyDefaults
{
    public const int BaselineWindows = 12;
    /// <summary>
    /// Fewer past windows with data than this: the baseline is still learning and nothing fires. Half the baseline, because
    /// the σ of three or four windows is too unsteady: ordinary noise then reads as several σ.
    /// </summary>
    public const int MinBaselineWindows = 6;
    /// <summary>A host comparison needs this many segments with data: one judged against at least two others.</summary>
    public const int MinSegments = 3;
    public const int MaxMonitoredMetrics = 10;
    public const double MaxStdDevFactor = 100;
    /// <summary>The name an event-count condition counts: <c>count(customEvent) &gt; 5</c>.</summary>
    public const string EventMetric = "customEvent";
}

public static class RuleDefaults
{
    public static readonly TimeSpan EvaluationStep = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public const int Severity = 4;
    /// <summary>Longer windows would outlive any sensible series retention.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);
    public static readonly TimeSpan MaxRenotifyInterval = TimeSpan.FromDays(30);
    public const int MaxNameLength = 255;
}

/// <summary>ANY: each segment fires on its own. ALL: one alert, firing only when every segment meets the condition.</summary>
public enum SegmentCondition
{
    Any,
    All,
}

/// <summary>What a segment whose series have no point in the window counts as.</summary>
public enum NoDataBehaviour
{
    /// <summary>Condition not met: a firing segment resolves.</summary>
    Ok,
    /// <summary>Condition met at critical level: missing data is itself the problem.</summary>
    Alert,
    /// <summary>The level last seen with data carries on.</summary>
    KeepLast,
}

public enum AlertLevel
{
    None,
    Warning,
    Critical,
}
