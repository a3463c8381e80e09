using System.Globalization;
using Tocsin.Core.Common;
using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Api.Rules;

/// <summary>Pure mapping between the rules API's JSON and the core <see cref="Rule"/>, naming the JSON field at fault.</summary>
internal static class RuleRequestMapping
{
    public const string Operators = "> >= < <= = !=";

    /// <summary>
    /// Builds the rule a request describes. With <paramref name="existing"/> (PATCH) absent fields keep their values;
    /// without it (POST, PUT) they take the defaults. Cross-field rules are the validator's job, not this one's.
    /// </summary>
    public static Result<Rule> ToRule(RuleRequest r, Rule? existing, Guid tenantId, long id)
    {
        if (existing is null && r.Name is null) return CoreError.Validation("name", "is required");
        if (existing is null && r.Condition is null) return CoreError.Validation("condition", "is required");
        var segmentCondition = existing?.SegmentCondition ?? SegmentCondition.Any;
        if (r.SegmentCondition is not null && !TryParseSegmentCondition(r.SegmentCondition, out segmentCondition))
            return CoreError.Validation("segmentCondition", $"unknown value '{r.SegmentCondition}'; expected any or all");
        var noData = existing?.NoData ?? NoDataBehaviour.Ok;
        if (r.NoData is not null && !TryParseNoData(r.NoData, out noData))
            return CoreError.Validation("noData", $"unknown value '{r.NoData}'; expected ok, alert or keepLast");
        var critical = ToThreshold(r.Critical, "critical");
        if (!critical.IsOk) return critical.Error!;
        var warning = ToThreshold(r.Warning, "warning");
        if (!warning.IsOk) return warning.Error!;
        if (r.SegmentBy?.Any(s => s is null) == true) return CoreError.Validation("segmentBy", "label names must be strings");

        var basis = existing ?? new Rule { Name = "", Condition = "" };
        return basis with
        {
            Id = id,
            TenantId = tenantId,
            Name = r.Name ?? basis.Name,
            Description = r.Description ?? basis.Description,
            Enabled = r.Enabled ?? basis.Enabled,
            Condition = r.Condition ?? basis.Condition,
            Filter = r.Filter ?? basis.Filter,
            SegmentBy = r.SegmentBy ?? basis.SegmentBy,
            SegmentCondition = segmentCondition,
            EvaluationStep = r.EvaluationStepSeconds is { } step ? TimeSpan.FromSeconds(step) : basis.EvaluationStep,
            Window = r.WindowSeconds is { } window ? TimeSpan.FromSeconds(window) : basis.Window,
            HoldDuration = r.HoldDurationSeconds is { } hold ? TimeSpan.FromSeconds(hold) : basis.HoldDuration,
            Critical = critical.Value ?? basis.Critical,
            Warning = warning.Value ?? basis.Warning,
            Severity = r.Severity ?? basis.Severity,
            NoData = noData,
            NotificationChannelIds = r.NotificationChannelIds ?? basis.NotificationChannelIds,
            NotifyUserIds = r.NotifyUserIds ?? basis.NotifyUserIds,
            RenotifyInterval = r.RenotifyMinutes is { } renotify ? TimeSpan.FromMinutes(renotify) : basis.RenotifyInterval,
            SourceId = r.SourceId ?? basis.SourceId,
        };
    }

    public static RuleDto ToDto(RuleRecord record)
    {
        var r = record.Rule;
        return new RuleDto(r.Id, r.Name, r.Description, r.Enabled, r.Condition, r.Filter, r.SegmentBy,
            r.SegmentCondition == SegmentCondition.All ? "all" : "any",
            (long)r.EvaluationStep.TotalSeconds, (long)r.Window.TotalSeconds, (long)r.HoldDuration.TotalSeconds,
            ToDto(r.Critical), ToDto(r.Warning), r.Severity, NoDataName(r.NoData), r.NotificationChannelIds, r.NotifyUserIds,
            r.RenotifyInterval is { } n ? (long)n.TotalMinutes : null, r.SourceId, r.Version, record.CreatedAt, record.UpdatedAt, record.LastEvaluatedAt);
    }

    /// <summary>The validator names core properties; the API shows the JSON names, durations with their unit.</summary>
    public static string FieldName(string coreField) => coreField switch
    {
        "evaluationStep" => "evaluationStepSeconds",
        "window" => "windowSeconds",
        "holdDuration" => "holdDurationSeconds",
        "renotifyInterval" => "renotifyMinutes",
        _ => coreField,
    };

    public static RuleErrorDto ToErrorDto(RuleFieldError e) =>
        new(FieldName(e.Field), e.Parse?.Position, e.Parse?.Expected, e.Parse?.Message ?? e.Message);

    public static RuleErrorDto ToErrorDto(string field, ConditionError e) => new(field, e.Position, e.Expected, e.Message);

    public static SegmentStateDto ToDto(SegmentState s, CompiledRule compiled) => new(
        s.SegmentKey, RuleAlertMapping.SegmentLabels(s.SegmentKey, compiled.SegmentBy), s.Status.ToString().ToLowerInvariant(),
        s.Level.ToString().ToLowerInvariant(), double.IsNaN(s.Value) ? null : s.Value, s.HasData, s.EvaluatedAt, s.PendingSince, s.FiringSince);

    public static RuleDecisionDto ToDto(RuleDecision d) => d switch
    {
        RuleDecision.Fire f => new("fire", f.SegmentKey, f.DedupKey, Level(f.Level), Finite(f.Value)),
        RuleDecision.Escalate e => new("escalate", e.SegmentKey, e.DedupKey, Level(e.NewLevel), Finite(e.Value)),
        _ => new("resolve", d.SegmentKey, d.DedupKey, null, null),
    };

    private static string Level(AlertLevel l) => l.ToString().ToLowerInvariant();

    private static double? Finite(double v) => double.IsNaN(v) ? null : v;

    private static Result<Threshold?> ToThreshold(ThresholdDto? t, string field)
    {
        if (t is null) return Result<Threshold?>.Ok(null);
        if (t.Op is null) return CoreError.Validation($"{field}.op", $"is required; expected one of {Operators}");
        if (!ComparisonOps.TryParse(t.Op, out var op)) return CoreError.Validation($"{field}.op", $"unknown operator '{t.Op}'; expected one of {Operators}");
        if (t.Value is not { } value) return CoreError.Validation($"{field}.value", "is required");
        return new Threshold(op, value);
    }

    private static ThresholdDto? ToDto(Threshold? t) => t is null ? null : new ThresholdDto(t.Op.Symbol(), t.Value);

    private static bool TryParseSegmentCondition(string text, out SegmentCondition value)
    {
        value = text.ToLowerInvariant() switch { "any" => SegmentCondition.Any, "all" => SegmentCondition.All, _ => (SegmentCondition)(-1) };
        return Enum.IsDefined(value);
    }

    private static bool TryParseNoData(string text, out NoDataBehaviour value)
    {
        value = text switch { "ok" => NoDataBehaviour.Ok, "alert" => NoDataBehaviour.Alert, "keepLast" => NoDataBehaviour.KeepLast, _ => (NoDataBehaviour)(-1) };
        return Enum.IsDefined(value);
    }

    private static string NoDataName(NoDataBehaviour b) => b switch { NoDataBehaviour.Alert => "alert", NoDataBehaviour.KeepLast => "keepLast", _ => "ok" };

    /// <summary>Accepts <c>"3"</c>, <c>W/"3"</c> or a bare <c>3</c>, as clients send If-Match.</summary>
    public static bool TryParseETag(string text, out int version)
    {
        var t = text.Trim();
        if (t.StartsWith("W/", StringComparison.Ordinal)) t = t[2..];
        return int.TryParse(t.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
