using System.Text;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Metrics;

namespace Tocsin.Core.Rules;

/// <summary>
/// A pure function of (rule, series data, previous segment states, now) returning the new states and
/// the decisions for the alert core. The worker loads states, calls this, persists states and applies
/// decisions; nothing here reads a clock or writes anywhere.
/// </summary>
public static class RuleEvaluator
{
    /// <summary>Segment key of a rule without segmentBy, and of the single alert of an ALL rule.</summary>
    public const string WholeRule = "";

    /// <param name="events">Counts for event-count rules; without it they see no data.</param>
    public static RuleEvaluation Evaluate(CompiledRule compiled, ISeriesReader data, IReadOnlyDictionary<string, SegmentState> previous, DateTimeOffset now,
        IRuleEventCounts? events = null)
    {
        var rule = compiled.Rule;
        var decisions = new List<RuleDecision>();
        var states = new Dictionary<string, SegmentState>(StringComparer.Ordinal);

        if (!rule.Enabled)
        {
            // Disabling a rule clears what it raised; it starts from Ok when enabled again.
            foreach (var state in previous.Values.OrderBy(s => s.SegmentKey, StringComparer.Ordinal))
            {
                if (state.Status == SegmentStatus.Firing)
                    decisions.Add(new RuleDecision.Resolve(state.SegmentKey, RuleDecision.DedupKeyFor(rule.Id, state.SegmentKey)));
            }
            return new RuleEvaluation(states, decisions, now);
        }

        var observations = rule.Kind switch
        {
            RuleKind.Baseline or RuleKind.HostComparison => ObserveAnomalies(compiled, data, previous, now),
            RuleKind.EventCount => ObserveEvents(compiled, events, previous, now),
            _ => Observe(compiled, data, previous, now),
        };
        if (rule.SegmentCondition == SegmentCondition.All && compiled.SegmentBy.Count > 0)
            observations = CombineAll(observations, rule, previous.GetValueOrDefault(WholeRule));

        foreach (var key in observations.Keys.Order(StringComparer.Ordinal))
        {
            var next = Step(rule, key, observations[key], previous.GetValueOrDefault(key), now, decisions);
            // Ok segments without data are forgotten, so states cannot grow with departed series.
            if (next.Status != SegmentStatus.Ok || next.HasData) states[key] = next;
        }
        return new RuleEvaluation(states, decisions, now);
    }

    private readonly record struct Observation(AlertLevel Level, double Value, bool HasData);

    /// <summary>Per segment: aggregate each query, then decide the level met (no-data behaviour applied).</summary>
    private static Dictionary<string, Observation> Observe(CompiledRule compiled, ISeriesReader data, IReadOnlyDictionary<string, SegmentState> previous, DateTimeOffset now)
    {
        var rule = compiled.Rule;
        var queries = compiled.Queries;
        var from = now - rule.Window;
        var intervals = rule.EvaluationStep > TimeSpan.Zero ? (double)rule.Window.Ticks / rule.EvaluationStep.Ticks : 1;
        var groups = new Dictionary<string, Accumulator[]>(StringComparer.Ordinal);
        var keyBuilder = new StringBuilder();

        for (var q = 0; q < queries.Count; q++)
        {
            var query = queries[q];
            foreach (var series in data.Query(rule.TenantId, query.Metric, compiled.Filter))
            {
                if (!series.TryAggregate(query.Time, from, now, intervals, out var value)) continue;
                var key = SegmentKey(series.Labels, compiled.SegmentBy, keyBuilder);
                if (!groups.TryGetValue(key, out var accumulators)) groups[key] = accumulators = new Accumulator[queries.Count];
                accumulators[q].Add(value);
            }
        }

        var result = new Dictionary<string, Observation>(StringComparer.Ordinal);
        var values = new double[queries.Count];
        foreach (var (key, accumulators) in groups)
        {
            for (var q = 0; q < queries.Count; q++) values[q] = accumulators[q].Result(queries[q].EffectiveGroup);
            result[key] = Measure(compiled, values);
        }
        return AddSilent(compiled, result, previous);
    }

    /// <summary>Segments seen before but silent now, and the whole-rule segment of an unsegmented rule, meet no-data.</summary>
    private static Dictionary<string, Observation> AddSilent(CompiledRule compiled, Dictionary<string, Observation> result, IReadOnlyDictionary<string, SegmentState> previous)
    {
        foreach (var key in previous.Keys)
        {
            if (!result.ContainsKey(key)) result[key] = NoData(compiled.Rule, previous[key]);
        }
        if (compiled.SegmentBy.Count == 0 && !result.ContainsKey(WholeRule)) result[WholeRule] = NoData(compiled.Rule, null);
        return result;
    }

    /// <summary>Event-count rules: one whole-rule value, the number of matching events in the window (0 is data, not no-data).</summary>
    private static Dictionary<string, Observation> ObserveEvents(CompiledRule compiled, IRuleEventCounts? events, IReadOnlyDictionary<string, SegmentState> previous, DateTimeOffset now)
    {
        var result = new Dictionary<string, Observation>(StringComparer.Ordinal);
        if (events is not null && compiled.Rule.Events is { } criteria)
            result[WholeRule] = Measure(compiled, [events.Count(compiled.Rule.TenantId, criteria, now - compiled.Rule.Window, now)]);
        return AddSilent(compiled, result, previous);
    }

    /// <summary>
    /// Baseline and host-comparison rules. Each monitored metric's window value per segment is avg(avg(metric)). A segment
    /// meets the rule (critical) when any metric deviates by more than its stdDevFactor · σ from the reference: for a
    /// baseline, the segment's own values in the <see cref="AnomalyDefaults.BaselineWindows"/> preceding windows; for a host
    /// comparison, the values of the other segments now. Too little reference (a baseline still learning, fewer than
    /// <see cref="AnomalyDefaults.MinSegments"/> segments) never fires.
    /// </summary>
    private static Dictionary<string, Observation> ObserveAnomalies(CompiledRule compiled, ISeriesReader data, IReadOnlyDictionary<string, SegmentState> previous, DateTimeOffset now)
    {
        var rule = compiled.Rule;
        var baseline = rule.Kind == RuleKind.Baseline;
        var windows = baseline ? 1 + AnomalyDefaults.BaselineWindows : 1;
        // deviation[key]: the first deviating metric's value, or the first metric's value when none deviates.
        var seen = new Dictionary<string, (bool Met, double Value)>(StringComparer.Ordinal);
        var keyBuilder = new StringBuilder();
        for (var q = 0; q < compiled.Queries.Count; q++)
        {
            var query = compiled.Queries[q];
            var factor = rule.Monitor[q].StdDevFactor;
            // per segment, per window (0 = current, k = k windows back): accumulated over the segment's series
            var groups = new Dictionary<string, Accumulator[]>(StringComparer.Ordinal);
            foreach (var series in data.Query(rule.TenantId, query.Metric, compiled.Filter))
            {
                var key = SegmentKey(series.Labels, compiled.SegmentBy, keyBuilder);
                for (var k = 0; k < windows; k++)
                {
                    var to = now - rule.Window * k;
                    if (!series.TryAggregate(query.Time, to - rule.Window, to, 1, out var value)) continue;
                    if (!groups.TryGetValue(key, out var accumulators)) groups[key] = accumulators = new Accumulator[windows];
                    accumulators[k].Add(value);
                }
            }
            var current = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (key, accumulators) in groups)
            {
                var value = accumulators[0].Result(query.EffectiveGroup);
                if (!double.IsNaN(value)) current[key] = value;
            }
            foreach (var (key, value) in current)
            {
                var reference = baseline
                    ? groups[key].Skip(1).Select(a => a.Result(query.EffectiveGroup)).Where(v => !double.IsNaN(v)).ToList()
                    : current.Where(o => o.Key != key).Select(o => o.Value).ToList();
                var enough = baseline ? reference.Count >= AnomalyDefaults.MinBaselineWindows : current.Count >= AnomalyDefaults.MinSegments;
                var met = enough && Deviates(value, reference, factor);
                if (!seen.TryGetValue(key, out var before)) seen[key] = (met, value);
                else if (met && !before.Met) seen[key] = (true, value);
            }
        }
        var result = new Dictionary<string, Observation>(StringComparer.Ordinal);
        foreach (var (key, (met, value)) in seen) result[key] = new Observation(met ? AlertLevel.Critical : AlertLevel.None, value, true);
        return AddSilent(compiled, result, previous);
    }

    /// <summary>
    /// |value − mean| &gt; factor · σ (population σ of the reference). A perfectly flat reference (σ = 0) makes any real
    /// change a deviation, but not float noise: the difference must also exceed a relative 1e-9.
    /// </summary>
    public static bool Deviates(double value, IReadOnlyList<double> reference, double factor)
    {
        if (reference.Count == 0) return false;
        var mean = reference.Average();
        var variance = reference.Sum(v => (v - mean) * (v - mean)) / reference.Count;
        var distance = Math.Abs(value - mean);
        return distance > factor * Math.Sqrt(variance) && distance > 1e-9 * Math.Max(1, Math.Abs(mean));
    }

    private static Observation Measure(CompiledRule compiled, double[] values)
    {
        var rule = compiled.Rule;
        if (compiled.Single is { } single)
        {
            var value = values[0];
            var critical = rule.Critical ?? new Threshold(single.Op, single.Threshold);
            var level = critical.IsMetBy(value) ? AlertLevel.Critical
                : rule.Warning?.IsMetBy(value) == true ? AlertLevel.Warning
                : AlertLevel.None;
            return new Observation(level, value, true);
        }
        var met = compiled.Condition is { } condition && Holds(condition, compiled.Queries, values);
        var first = values.FirstOrDefault(v => !double.IsNaN(v), double.NaN);
        return new Observation(met ? AlertLevel.Critical : AlertLevel.None, first, true);
    }

    /// <summary>A comparison over a query with no data in this segment is false; not/and/or are plain boolean.</summary>
    private static bool Holds(ConditionExpr e, IReadOnlyList<MetricQuery> queries, double[] values) => e switch
    {
        ComparisonCondition c => Value(c.Query, queries, values) is var v && !double.IsNaN(v) && c.Op.Holds(v, c.Threshold),
        AndCondition a => Holds(a.Left, queries, values) && Holds(a.Right, queries, values),
        OrCondition o => Holds(o.Left, queries, values) || Holds(o.Right, queries, values),
        NotCondition n => !Holds(n.Operand, queries, values),
        _ => false,
    };

    private static double Value(MetricQuery query, IReadOnlyList<MetricQuery> queries, double[] values)
    {
        for (var i = 0; i < queries.Count; i++)
        {
            if (queries[i].Equals(query)) return values[i];
        }
        return double.NaN;
    }

    private static Observation NoData(Rule rule, SegmentState? previous) => rule.NoData switch
    {
        NoDataBehaviour.Alert => new Observation(AlertLevel.Critical, double.NaN, false),
        NoDataBehaviour.KeepLast => new Observation(previous?.LastDataLevel ?? AlertLevel.None, previous?.Value ?? double.NaN, false),
        _ => new Observation(AlertLevel.None, double.NaN, false),
    };

    /// <summary>ALL: one whole-rule observation at the lowest level any segment meets.</summary>
    private static Dictionary<string, Observation> CombineAll(Dictionary<string, Observation> segments, Rule rule, SegmentState? previous)
    {
        var withData = segments.Where(s => s.Value.HasData).OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        if (withData.Count == 0) return new() { [WholeRule] = NoData(rule, previous) };
        var lowest = withData[0].Value;
        foreach (var (_, o) in withData)
        {
            if (o.Level < lowest.Level) lowest = o;
        }
        return new(StringComparer.Ordinal) { [WholeRule] = lowest };
    }

    private static SegmentState Step(Rule rule, string key, Observation seen, SegmentState? before, DateTimeOffset now, List<RuleDecision> decisions)
    {
        var dedup = RuleDecision.DedupKeyFor(rule.Id, key);
        var lastDataLevel = seen.HasData ? seen.Level : before?.LastDataLevel ?? AlertLevel.None;
        var status = before?.Status ?? SegmentStatus.Ok;
        var met = seen.Level != AlertLevel.None;
        var basis = new SegmentState(key, SegmentStatus.Ok, AlertLevel.None, seen.Value, now, LastDataLevel: lastDataLevel, HasData: seen.HasData);

        switch (status)
        {
            case SegmentStatus.Ok or SegmentStatus.Resolved:
                if (!met) return basis;
                if (rule.HoldDuration <= TimeSpan.Zero) return StartFiring(basis, seen, now, dedup, decisions);
                return basis with { Status = SegmentStatus.Pending, Level = seen.Level, PendingSince = now };

            case SegmentStatus.Pending:
                if (!met) return basis; // flap: the pending segment goes back to Ok without an alert
                var since = before!.PendingSince ?? now;
                if (now - since >= rule.HoldDuration) return StartFiring(basis, seen, now, dedup, decisions);
                return basis with { Status = SegmentStatus.Pending, Level = seen.Level, PendingSince = since };

            case SegmentStatus.Firing:
                if (!met)
                {
                    decisions.Add(new RuleDecision.Resolve(key, dedup));
                    return basis with { Status = SegmentStatus.Resolved, FiringSince = before!.FiringSince };
                }
                // Re-notification while firing is not a decision here: it is a leased due row kept with the state (RuleRenotifyRunner).
                var firing = basis with { Status = SegmentStatus.Firing, Level = before!.Level, FiringSince = before.FiringSince };
                if (seen.Level > before.Level)
                {
                    // The level never drops while firing: a critical alert stays critical until it resolves.
                    decisions.Add(new RuleDecision.Escalate(key, dedup, seen.Level, seen.Value));
                    return firing with { Level = seen.Level };
                }
                return firing;

            default:
                return basis;
        }
    }

    private static SegmentState StartFiring(SegmentState basis, Observation seen, DateTimeOffset now, string dedup, List<RuleDecision> decisions)
    {
        decisions.Add(new RuleDecision.Fire(basis.SegmentKey, dedup, seen.Level, seen.Value));
        return basis with
        {
            Status = SegmentStatus.Firing,
            Level = seen.Level,
            FiringSince = now,
        };
    }

    /// <summary>Sorted <c>label=value</c> pairs of the segmentBy labels joined with ','; a missing label reads as empty.</summary>
    public static string SegmentKey(IReadOnlyDictionary<string, string> labels, IReadOnlyList<string> sortedSegmentBy, StringBuilder? scratch = null)
    {
        if (sortedSegmentBy.Count == 0) return WholeRule;
        var sb = scratch ?? new StringBuilder();
        sb.Clear();
        for (var i = 0; i < sortedSegmentBy.Count; i++)
        {
            if (i > 0) sb.Append(',');
            var label = sortedSegmentBy[i];
            sb.Append(label).Append('=').Append(labels.TryGetValue(label, out var v) ? v : "");
        }
        return sb.ToString();
    }

    private struct Accumulator
    {
        private double _sum, _min, _max;
        private int _count;

        public void Add(double value)
        {
            if (_count == 0) { _min = value; _max = value; }
            else
            {
                if (value < _min) _min = value;
                if (value > _max) _max = value;
            }
            _sum += value;
            _count++;
        }

        public readonly double Result(GroupAggregation group) => _count == 0 ? double.NaN : group switch
        {
            GroupAggregation.Avg => _sum / _count,
            GroupAggregation.Min => _min,
            GroupAggregation.Max => _max,
            GroupAggregation.Sum => _sum,
            _ => double.NaN,
        };
    }
}
