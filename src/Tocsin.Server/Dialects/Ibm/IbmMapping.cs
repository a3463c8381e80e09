using Tocsin.Core.Common;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>
/// Pure mapping between IBM Cloud Monitoring (Sysdig v1) alert definitions and the core <see cref="Rule"/>.
/// Unknown vendor values (type, severity, severityLabel, segmentCondition) are errors naming the IBM field;
/// cross-field rule checks (condition and filter syntax, name, severity range) stay in <see cref="RuleValidator"/>.
/// </summary>
internal static class IbmMapping
{
    /// <summary>IBM <c>timespan</c> unit: one minute in microseconds; also the minimum and the required granularity.</summary>
    public const long MinuteMicros = 60_000_000;

    public const string Manual = "MANUAL";
    public const string Baseline = "BASELINE";
    public const string HostComparison = "HOST_COMPARISON";
    public const string Event = "EVENT";
    public const string Prometheus = "PROMETHEUS";

    private static readonly string[] KnownTypes = [Manual, Baseline, HostComparison, Event, Prometheus];

    /// <summary>
    /// Builds the rule an IBM alert describes. POST and PUT are full replacements: absent fields take their defaults
    /// (<c>enabled</c> true, <c>segmentCondition</c> ANY, <c>severity</c> 4). <paramref name="id"/> is 0 on create.
    /// </summary>
    /// <param name="teamScope">The request's <c>TeamID</c> header: the alert is created in that team.</param>
    public static Result<Rule> ToRule(IbmAlertRequest a, Guid tenantId, long id, long? teamScope)
    {
        if (id == 0 && (a.Id is not null || a.Version is not null)) return CoreError.Validation("id", "Alert ID and version must be null when creating an alert");
        if (id != 0 && a.Id is { } bodyId && bodyId != id) return CoreError.Validation("id", $"is {bodyId} but the path names alert {id}");
        if (a.Name is null) return CoreError.Validation("name", "is required");
        var type = a.Type ?? Manual;
        RuleKind kind;
        switch (type)
        {
            case Manual: kind = RuleKind.Threshold; break;
            case Baseline: kind = RuleKind.Baseline; break;
            case HostComparison: kind = RuleKind.HostComparison; break;
            case Event: kind = RuleKind.EventCount; break;
            case Prometheus: return CoreError.Validation("type", "PROMETHEUS (PromQL) alerts are not supported by Tocsin; use MANUAL, BASELINE, HOST_COMPARISON or EVENT");
            default: return CoreError.Validation("type", $"unknown value '{type}'; expected one of {string.Join(", ", KnownTypes)}");
        }
        if (kind is RuleKind.Threshold or RuleKind.EventCount && string.IsNullOrWhiteSpace(a.Condition))
            return CoreError.Validation("condition", kind == RuleKind.Threshold ? "is required for MANUAL alerts" : "is required for EVENT alerts: count(customEvent) <op> N");
        var monitor = ToMonitor(a.Monitor, kind, type);
        if (!monitor.IsOk) return monitor.Error!;
        if (kind == RuleKind.EventCount && a.Criteria is null) return CoreError.Validation("criteria", "is required for EVENT alerts: {\"text\": ..., \"source\": ...}");
        if (kind != RuleKind.EventCount && a.Criteria is not null) return CoreError.Validation("criteria", $"applies to EVENT alerts only, not {type}");
        var window = ToWindow(a.Timespan);
        if (!window.IsOk) return window.Error!;
        var severity = ResolveSeverity(a.Severity, a.SeverityLabel);
        if (!severity.IsOk) return severity.Error!;
        var segmentCondition = ToSegmentCondition(a.SegmentCondition);
        if (!segmentCondition.IsOk) return segmentCondition.Error!;
        if (a.ReNotifyMinutes is < 0) return CoreError.Validation("reNotifyMinutes", "must not be negative");
        if (a.ReNotify == true && a.ReNotifyMinutes is not > 0) return CoreError.Validation("reNotifyMinutes", "must be a positive number of minutes when reNotify is true");
        if (a.RateOfChange == true) return CoreError.Validation("rateOfChange", "rate-of-change alerts are not supported by Tocsin; send false or leave it out");
        if (a.SegmentBy?.Any(s => s is null) == true) return CoreError.Validation("segmentBy", "label names must be strings");
        // #7: channels are built on another branch; until they exist the ids are stored as given, checked only as positive integers.
        if (a.NotificationChannelIds is { } channels && channels.Any(c => c <= 0))
            return CoreError.Validation("notificationChannelIds", $"channel ids are positive integers; got {channels.First(c => c <= 0)}");
        if (teamScope is { } team && a.TeamId is { } bodyTeam && bodyTeam != team)
            return CoreError.Validation("teamId", $"is {bodyTeam} but the TeamID header limits this request to team {team}");

        return new Rule
        {
            Id = id,
            TenantId = tenantId,
            Name = a.Name,
            Description = a.Description,
            Enabled = a.Enabled ?? true,
            Condition = a.Condition ?? "",
            Filter = string.IsNullOrWhiteSpace(a.Filter) ? null : a.Filter,
            SegmentBy = a.SegmentBy ?? [],
            SegmentCondition = segmentCondition.Value,
            Window = window.Value,
            HoldDuration = TimeSpan.Zero,
            Severity = severity.Value,
            NotificationChannelIds = a.NotificationChannelIds ?? [],
            RenotifyInterval = a.ReNotify == true ? TimeSpan.FromMinutes(a.ReNotifyMinutes!.Value) : null,
            TeamId = teamScope ?? a.TeamId,
            Kind = kind,
            Monitor = monitor.Value!,
            Events = kind == RuleKind.EventCount ? new EventCriteria(NullIfEmpty(a.Criteria!.Text), NullIfEmpty(a.Criteria.Source)) : null,
        };
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary><c>monitor</c> is required by BASELINE and HOST_COMPARISON and refused elsewhere; <c>stdDevFactor</c> defaults to 2 (Terraform's default).</summary>
    private static Result<IReadOnlyList<MonitoredMetric>> ToMonitor(List<IbmMonitor?>? monitor, RuleKind kind, string type)
    {
        if (kind is not (RuleKind.Baseline or RuleKind.HostComparison))
            return monitor is null or [] ? Result<IReadOnlyList<MonitoredMetric>>.Ok([]) : CoreError.Validation("monitor", $"applies to BASELINE and HOST_COMPARISON alerts only, not {type}");
        if (monitor is null or []) return CoreError.Validation("monitor", $"is required for {type} alerts: [{{\"metric\": \"cpu.used.percent\", \"stdDevFactor\": 2}}]");
        var list = new List<MonitoredMetric>(monitor.Count);
        for (var i = 0; i < monitor.Count; i++)
        {
            if (monitor[i] is not { } m) return CoreError.Validation($"monitor[{i}]", "must be an object {\"metric\", \"stdDevFactor\"}");
            if (string.IsNullOrWhiteSpace(m.Metric)) return CoreError.Validation($"monitor[{i}].metric", "is required");
            list.Add(new MonitoredMetric(m.Metric, m.StdDevFactor ?? DefaultStdDevFactor));
        }
        return list;
    }

    public const double DefaultStdDevFactor = 2.0;

    public static string TypeOf(RuleKind kind) => kind switch
    {
        RuleKind.Baseline => Baseline,
        RuleKind.HostComparison => HostComparison,
        RuleKind.EventCount => Event,
        _ => Manual,
    };

    /// <param name="notificationCount">Alerts the rule raised in the past two weeks (see <see cref="IbmEndpoints"/>).</param>
    public static IbmAlert ToDto(RuleRecord record, int notificationCount)
    {
        var r = record.Rule;
        return new IbmAlert
        {
            Id = r.Id,
            Version = r.Version,
            Name = r.Name,
            Description = r.Description,
            TeamId = r.TeamId,
            Enabled = r.Enabled,
            Filter = r.Filter ?? "",
            Type = TypeOf(r.Kind),
            Condition = r.Condition,
            Timespan = r.Window.Ticks / TimeSpan.TicksPerMicrosecond,
            NotificationChannelIds = r.NotificationChannelIds,
            ReNotify = r.RenotifyInterval is not null,
            ReNotifyMinutes = r.RenotifyInterval is { } n ? (int)n.TotalMinutes : null,
            SegmentBy = r.SegmentBy,
            SegmentCondition = new IbmSegmentCondition(r.SegmentCondition == SegmentCondition.All ? "ALL" : "ANY"),
            Severity = r.Severity,
            SeverityLabel = SeverityLabel(r.Severity),
            AutoCreated = false,
            CreatedOn = record.CreatedAt.ToUnixTimeMilliseconds(),
            ModifiedOn = record.UpdatedAt.ToUnixTimeMilliseconds(),
            NotificationCount = notificationCount,
            RateOfChange = false,
            Monitor = r.Kind is RuleKind.Baseline or RuleKind.HostComparison ? r.Monitor.Select(m => new IbmMonitor(m.Metric, m.StdDevFactor)).ToList() : null,
            Criteria = r.Events is { } e ? new IbmCriteria(e.Text ?? "", e.Source ?? "") : null,
        };
    }

    /// <summary>
    /// The one severity table (seed "Severity level values"): syslog 0–1 HIGH, 2–3 MEDIUM, 4–5 LOW, 6–7 INFO.
    /// Either field given derives the other; a label alone takes the most severe number of its pair (reference §3, inference);
    /// both given must agree; neither gives 4 (warning, LOW), the Terraform provider's default.
    /// </summary>
    public static Result<int> ResolveSeverity(int? severity, string? label)
    {
        if (severity is { } s && s is < 0 or > 7) return CoreError.Validation("severity", $"unknown value {s}; expected 0 (emergency) to 7 (debug)");
        int? fromLabel = label switch
        {
            null => null,
            "HIGH" => 0,
            "MEDIUM" => 2,
            "LOW" => 4,
            "INFO" => 6,
            _ => -1,
        };
        if (fromLabel == -1) return CoreError.Validation("severityLabel", $"unknown value '{label}'; expected HIGH, MEDIUM, LOW or INFO");
        if (severity is { } given && label is not null && SeverityLabel(given) != label)
            return CoreError.Validation("severityLabel", $"'{label}' contradicts severity {given}, which is {SeverityLabel(given)}");
        return severity ?? fromLabel ?? RuleDefaults.Severity;
    }

    public static string SeverityLabel(int severity) => severity switch
    {
        0 or 1 => "HIGH",
        2 or 3 => "MEDIUM",
        4 or 5 => "LOW",
        6 or 7 => "INFO",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "syslog severities are 0 to 7"),
    };

    public static Result<TimeSpan> ToWindow(long? timespan)
    {
        if (timespan is not { } micros) return CoreError.Validation("timespan", "is required (microseconds, a multiple of 60000000)");
        if (micros < MinuteMicros || micros % MinuteMicros != 0)
            return CoreError.Validation("timespan", $"is {micros} µs; it must be at least {MinuteMicros} (1 minute) and a multiple of {MinuteMicros}");
        if (micros > RuleDefaults.MaxWindow.Ticks / TimeSpan.TicksPerMicrosecond)
            return CoreError.Validation("timespan", $"must be at most {RuleDefaults.MaxWindow.Ticks / TimeSpan.TicksPerMicrosecond} (1 day)");
        return TimeSpan.FromTicks(micros * TimeSpan.TicksPerMicrosecond);
    }

    public static Result<SegmentCondition> ToSegmentCondition(IbmSegmentCondition? c) => c is null ? SegmentCondition.Any : c.Type switch
    {
        "ANY" => SegmentCondition.Any,
        "ALL" => SegmentCondition.All,
        var other => CoreError.Validation("segmentCondition.type", $"unknown value '{other}'; expected ANY or ALL"),
    };

    /// <summary>The validator names core properties; IBM clients know their own.</summary>
    public static string FieldName(string coreField) => coreField switch
    {
        "window" or "holdDuration" or "evaluationStep" => "timespan",
        "renotifyInterval" => "reNotifyMinutes",
        // Anomaly and event rules are refused levels only if a dialect sets them; IBM never does.
        "critical" or "warning" => "condition",
        _ => coreField,
    };

    /// <summary>
    /// <c>from</c>/<c>to</c> of the list (µs since epoch, both optional): an alert is listed when its definition existed
    /// at some point of [from, to], i.e. it was created at or before <c>to</c> (deleted alerts are gone, so every stored one
    /// lives on to now and overlaps any <c>from</c>). A <c>from</c> after <c>to</c> is refused as a mistake.
    /// </summary>
    public static Result<(DateTimeOffset? From, DateTimeOffset? To)> ToPeriod(string? from, string? to)
    {
        var f = ParseMicros(from, "from");
        if (!f.IsOk) return f.Error!;
        var t = ParseMicros(to, "to");
        if (!t.IsOk) return t.Error!;
        if (f.Value is { } a && t.Value is { } b && a > b) return CoreError.Validation("from", "must not be after to");
        return (f.Value, t.Value);
    }

    public static bool InPeriod(RuleRecord record, DateTimeOffset? to) => to is not { } end || record.CreatedAt <= end;

    private static Result<DateTimeOffset?> ParseMicros(string? text, string field)
    {
        if (text is null) return Result<DateTimeOffset?>.Ok(null);
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var micros)
            || micros > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() * 1000)
            return CoreError.Validation(field, $"'{text}' is not a timestamp in microseconds since the epoch");
        return DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
    }
}
