using System.Text;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Metrics;

namespace Tocsin.Core.Rules;

/// <summary>One series' raw points inside a rule's window, oldest first.</summary>
public sealed record WindowSeries(string Metric, LabelSet Labels, IReadOnlyList<(DateTimeOffset At, double Value)> Points);

/// <summary>The series of one segment, keyed as the evaluator keys its segment states.</summary>
public sealed record WindowSegment(string SegmentKey, IReadOnlyList<WindowSeries> Series);

/// <summary>A horizontal line to draw: a level of a single-comparison rule, or each comparison of a compound one.</summary>
public sealed record WindowThreshold(string Level, string Metric, Threshold Threshold);

public sealed record RuleWindowData(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<WindowThreshold> Thresholds, IReadOnlyList<WindowSegment> Segments);

/// <summary>
/// The raw samples a rule looks at, (now − window, now], grouped into segments exactly as <see cref="RuleEvaluator"/>
/// groups them: what the console charts beside the preview. A pure read of the series store; nothing is evaluated.
/// </summary>
public static class RuleWindow
{
    public const int DefaultMaxPoints = 300;
    public const int MaxPointsLimit = 2_000;

    public static RuleWindowData Read(CompiledRule compiled, ISeriesReader data, DateTimeOffset now, int maxPointsPerSeries = DefaultMaxPoints)
    {
        var rule = compiled.Rule;
        var from = now - rule.Window;
        var segments = new SortedDictionary<string, List<WindowSeries>>(StringComparer.Ordinal);
        var keyBuilder = new StringBuilder();
        // Two queries of one metric (max(x) > 5 and min(x) < 1) read the same series; chart each once.
        foreach (var metric in compiled.Queries.Select(q => q.Metric).Distinct(StringComparer.Ordinal))
        {
            foreach (var series in data.Query(rule.TenantId, metric, compiled.Filter))
            {
                var points = series.Points().Where(p => p.Timestamp > from && p.Timestamp <= now).ToList();
                if (points.Count == 0) continue;
                var key = RuleEvaluator.SegmentKey(series.Labels, compiled.SegmentBy, keyBuilder);
                if (!segments.TryGetValue(key, out var list)) segments[key] = list = [];
                list.Add(new WindowSeries(series.Name, series.Labels, Thin(points, maxPointsPerSeries)));
            }
        }
        return new RuleWindowData(from, now, Thresholds(compiled),
            segments.Select(s => new WindowSegment(s.Key, s.Value.OrderBy(x => x.Metric, StringComparer.Ordinal).ThenBy(x => x.Labels.ToString(), StringComparer.Ordinal).ToList())).ToList());
    }

    /// <summary>
    /// At most <paramref name="max"/> points: each bucket of neighbours keeps its lowest and highest point (in time order),
    /// so a spike that crossed a threshold stays visible however long the window.
    /// </summary>
    public static IReadOnlyList<(DateTimeOffset At, double Value)> Thin(List<(DateTimeOffset At, double Value)> points, int max)
    {
        if (points.Count <= max) return points;
        var buckets = Math.Max(1, max / 2);
        var size = (points.Count + buckets - 1) / buckets;
        var thinned = new List<(DateTimeOffset, double)>(max);
        for (var start = 0; start < points.Count; start += size)
        {
            var end = Math.Min(points.Count, start + size);
            int lo = start, hi = start;
            for (var i = start + 1; i < end; i++)
            {
                if (points[i].Value < points[lo].Value) lo = i;
                if (points[i].Value > points[hi].Value) hi = i;
            }
            thinned.Add(points[Math.Min(lo, hi)]);
            if (lo != hi) thinned.Add(points[Math.Max(lo, hi)]);
        }
        return thinned;
    }

    private static List<WindowThreshold> Thresholds(CompiledRule compiled)
    {
        var rule = compiled.Rule;
        var lines = new List<WindowThreshold>();
        if (compiled.Single is { } single)
        {
            lines.Add(new WindowThreshold("critical", single.Query.Metric, rule.Critical ?? new Threshold(single.Op, single.Threshold)));
            if (rule.Warning is { } warning) lines.Add(new WindowThreshold("warning", single.Query.Metric, warning));
            return lines;
        }
        if (compiled.Condition is { } condition) Collect(condition, lines);
        return lines;
    }

    private static void Collect(ConditionExpr e, List<WindowThreshold> into)
    {
        switch (e)
        {
            case ComparisonCondition c:
                into.Add(new WindowThreshold("condition", c.Query.Metric, new Threshold(c.Op, c.Threshold)));
                break;
            case AndCondition a:
                Collect(a.Left, into);
                Collect(a.Right, into);
                break;
            case OrCondition o:
                Collect(o.Left, into);
                Collect(o.Right, into);
                break;
            case NotCondition n:
                Collect(n.Operand, into);
                break;
        }
    }
}
