using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Api.Rules;

/// <summary>
/// Answer of <c>GET /api/v1/rules/{id}/series</c>: the raw samples in the rule's window (from, to], per segment and
/// series, oldest first, with the threshold lines to draw over them. Example:
/// <code>{"ruleId":3,"from":"…","to":"…","thresholds":[{"level":"critical","metric":"cpu","op":">","value":90}],
/// "segments":[{"segmentKey":"host=a","labels":{"host":"a"},"series":[{"metric":"cpu","labels":{"host":"a"},"points":[{"at":"…","value":42}]}]}]}</code>
/// </summary>
public sealed record RuleWindowDto(long RuleId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<WindowThresholdDto> Thresholds, IReadOnlyList<WindowSegmentDto> Segments);

/// <summary><c>level</c>: critical or warning for a single comparison; condition for each comparison of a compound one.</summary>
public sealed record WindowThresholdDto(string Level, string Metric, string Op, double Value);

public sealed record WindowSegmentDto(string SegmentKey, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<WindowSeriesDto> Series);

public sealed record WindowSeriesDto(string Metric, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<WindowPointDto> Points);

public sealed record WindowPointDto(DateTimeOffset At, double Value);

internal static class RuleWindowMapping
{
    public static RuleWindowDto ToDto(long ruleId, RuleWindowData w, CompiledRule compiled) => new(
        ruleId, w.From, w.To,
        w.Thresholds.Select(t => new WindowThresholdDto(t.Level, t.Metric, t.Threshold.Op.Symbol(), t.Threshold.Value)).ToList(),
        w.Segments.Select(s => new WindowSegmentDto(s.SegmentKey, RuleAlertMapping.SegmentLabels(s.SegmentKey, compiled.SegmentBy),
            s.Series.Select(x => new WindowSeriesDto(x.Metric, x.Labels.ToDictionary(StringComparer.Ordinal), x.Points.Select(p => new WindowPointDto(p.At, p.Value)).ToList())).ToList())).ToList());
}
