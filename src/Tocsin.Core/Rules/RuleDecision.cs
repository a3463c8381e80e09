namespace Tocsin.Core.Rules;

/// <summary>
/// What the evaluator asks the alert core to do for a segment. <see cref="DedupKey"/> ties every
/// decision of a segment to the same alert.
/// </summary>
public abstract record RuleDecision(string SegmentKey, string DedupKey)
{
    public static string DedupKeyFor(long ruleId, string segmentKey) => $"rule:{ruleId}:{segmentKey}";

    /// <summary>Open (or, by dedup, update) the segment's alert.</summary>
    public sealed record Fire(string SegmentKey, string DedupKey, AlertLevel Level, double Value) : RuleDecision(SegmentKey, DedupKey);

    /// <summary>The firing segment moved from warning to critical: raise the same alert's priority.</summary>
    public sealed record Escalate(string SegmentKey, string DedupKey, AlertLevel NewLevel, double Value) : RuleDecision(SegmentKey, DedupKey);

    /// <summary>The condition cleared: auto-resolve the alert.</summary>
    public sealed record Resolve(string SegmentKey, string DedupKey) : RuleDecision(SegmentKey, DedupKey);
}

/// <summary>The result of one evaluation of one rule.</summary>
public sealed record RuleEvaluation(IReadOnlyDictionary<string, SegmentState> States, IReadOnlyList<RuleDecision> Decisions, DateTimeOffset EvaluatedAt)
{
    /// <summary>IBM's <c>inAlarm</c>: some segment is firing.</summary>
    public bool InAlarm => States.Values.Any(s => s.Status == SegmentStatus.Firing);
}
