using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Notifications;
using Tocsin.Core.Rules;

namespace Tocsin.Storage.Sql;

/// <summary>
/// The persisted JSON of a rule's definition and of a segment state. Enums are written as fixed strings and durations
/// as milliseconds, so renaming a C# member can never change what is on disk.
/// </summary>
internal static class SqlRuleRows
{
    internal sealed record RuleRow(long id, string tenant_id, string name, long enabled, string definition, long version, long created_at, long updated_at, long? last_evaluated_at);

    internal sealed record StateRow(long rule_id, string segment_key, string state);

    internal sealed record DefinitionJson(
        string? Description, string Condition, string? Filter, List<string> SegmentBy, string SegmentCondition,
        long EvaluationStepMs, long WindowMs, long HoldDurationMs, ThresholdJson? Critical, ThresholdJson? Warning,
        int Severity, string NoData, List<long> NotificationChannelIds, List<long> NotifyUserIds, long? RenotifyIntervalMs, long? SourceId, long? TeamId = null,
        List<string>? NotifyKinds = null, string? Kind = null, List<MonitorJson>? Monitor = null, CriteriaJson? Events = null);

    // #7: absent in rules written before the kinds existed, which are all threshold rules.
    internal sealed record MonitorJson(string Metric, double StdDevFactor);

    internal sealed record CriteriaJson(string? Text, string? Source);

    internal sealed record ThresholdJson(string Op, double Value);

    // NextRenotifyAt is no longer written (re-notification is a rule_renotify row since 0010); kept so older states still read.
    internal sealed record StateJson(
        string Status, string Level, double Value, long EvaluatedAt, long? PendingSince, long? FiringSince, long? NextRenotifyAt,
        string LastDataLevel, bool HasData);

    public static string Definition(Rule r) => JsonSerializer.Serialize(new DefinitionJson(
        r.Description, r.Condition, r.Filter, [.. r.SegmentBy], r.SegmentCondition == SegmentCondition.All ? "all" : "any",
        Ms(r.EvaluationStep), Ms(r.Window), Ms(r.HoldDuration), Threshold(r.Critical), Threshold(r.Warning), r.Severity,
        NoDataName(r.NoData), [.. r.NotificationChannelIds], [.. r.NotifyUserIds], r.RenotifyInterval is { } n ? Ms(n) : null, r.SourceId, r.TeamId,
        r.NotifyKinds?.Select(k => k.ToWire()).ToList(), KindName(r.Kind),
        r.Monitor.Count == 0 ? null : r.Monitor.Select(m => new MonitorJson(m.Metric, m.StdDevFactor)).ToList(),
        r.Events is { } e ? new CriteriaJson(e.Text, e.Source) : null),
        RuleStorageJson.Default.DefinitionJson);

    public static RuleRecord ToRecord(RuleRow row)
    {
        var d = JsonSerializer.Deserialize(row.definition, RuleStorageJson.Default.DefinitionJson)
            ?? throw new InvalidDataException($"rule {row.id} has an empty definition");
        var rule = new Rule
        {
            Id = row.id,
            TenantId = Guid.Parse(row.tenant_id),
            Name = row.name,
            Enabled = row.enabled != 0,
            Version = (int)row.version,
            Description = d.Description,
            Condition = d.Condition,
            Filter = d.Filter,
            SegmentBy = d.SegmentBy,
            SegmentCondition = d.SegmentCondition == "all" ? SegmentCondition.All : SegmentCondition.Any,
            EvaluationStep = TimeSpan.FromMilliseconds(d.EvaluationStepMs),
            Window = TimeSpan.FromMilliseconds(d.WindowMs),
            HoldDuration = TimeSpan.FromMilliseconds(d.HoldDurationMs),
            Critical = Threshold(d.Critical),
            Warning = Threshold(d.Warning),
            Severity = d.Severity,
            NoData = d.NoData switch { "alert" => NoDataBehaviour.Alert, "keepLast" => NoDataBehaviour.KeepLast, _ => NoDataBehaviour.Ok },
            NotificationChannelIds = d.NotificationChannelIds,
            NotifyUserIds = d.NotifyUserIds,
            NotifyKinds = d.NotifyKinds?.Select(ChannelKindWire.Parse).ToList(),
            RenotifyInterval = d.RenotifyIntervalMs is { } n ? TimeSpan.FromMilliseconds(n) : null,
            SourceId = d.SourceId,
            TeamId = d.TeamId,
            Kind = d.Kind switch
            {
                null or "threshold" => RuleKind.Threshold,
                "baseline" => RuleKind.Baseline,
                "hostComparison" => RuleKind.HostComparison,
                "eventCount" => RuleKind.EventCount,
                var other => throw new InvalidDataException($"rule {row.id} has an unknown kind '{other}'"),
            },
            Monitor = d.Monitor?.Select(m => new MonitoredMetric(m.Metric, m.StdDevFactor)).ToList() ?? [],
            Events = d.Events is { } e ? new EventCriteria(e.Text, e.Source) : null,
        };
        return new RuleRecord(rule, Time(row.created_at), Time(row.updated_at), row.last_evaluated_at is { } at ? Time(at) : null);
    }

    public static string State(SegmentState s) => JsonSerializer.Serialize(new StateJson(
        s.Status.ToString().ToLowerInvariant(), s.Level.ToString().ToLowerInvariant(), s.Value, s.EvaluatedAt.ToUnixTimeMilliseconds(),
        s.PendingSince?.ToUnixTimeMilliseconds(), s.FiringSince?.ToUnixTimeMilliseconds(), null,
        s.LastDataLevel.ToString().ToLowerInvariant(), s.HasData), RuleStorageJson.Default.StateJson);

    public static SegmentState ToState(StateRow row)
    {
        var s = JsonSerializer.Deserialize(row.state, RuleStorageJson.Default.StateJson)
            ?? throw new InvalidDataException($"rule {row.rule_id} segment '{row.segment_key}' has an empty state");
        return new SegmentState(row.segment_key,
            s.Status switch { "pending" => SegmentStatus.Pending, "firing" => SegmentStatus.Firing, "resolved" => SegmentStatus.Resolved, _ => SegmentStatus.Ok },
            Level(s.Level), s.Value, Time(s.EvaluatedAt),
            s.PendingSince is { } p ? Time(p) : null, s.FiringSince is { } f ? Time(f) : null,
            Level(s.LastDataLevel), s.HasData);
    }

    private static AlertLevel Level(string text) => text switch { "critical" => AlertLevel.Critical, "warning" => AlertLevel.Warning, _ => AlertLevel.None };

    private static string? KindName(RuleKind k) => k switch
    {
        RuleKind.Baseline => "baseline",
        RuleKind.HostComparison => "hostComparison",
        RuleKind.EventCount => "eventCount",
        _ => null, // threshold: written as before, so older readers and diffs see no change
    };

    private static string NoDataName(NoDataBehaviour b) => b switch { NoDataBehaviour.Alert => "alert", NoDataBehaviour.KeepLast => "keepLast", _ => "ok" };

    private static ThresholdJson? Threshold(Threshold? t) => t is null ? null : new ThresholdJson(t.Op.Symbol(), t.Value);

    private static Threshold? Threshold(ThresholdJson? t) =>
        t is null ? null : ComparisonOps.TryParse(t.Op, out var op) ? new Threshold(op, t.Value) : throw new InvalidDataException($"unknown operator '{t.Op}'");

    private static long Ms(TimeSpan t) => (long)t.TotalMilliseconds;

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

/// <summary>NaN is a legitimate segment value (no data), so named float literals are allowed in state JSON.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(SqlRuleRows.DefinitionJson))]
[JsonSerializable(typeof(SqlRuleRows.StateJson))]
internal sealed partial class RuleStorageJson : JsonSerializerContext;
