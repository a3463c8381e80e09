using Tocsin.Core.Metrics;

namespace Tocsin.Core.Rules;

/// <summary>
/// How far back the series store must keep points so that every enabled rule sees its whole window (#5 §2: "retention =
/// the longest window any rule needs + margin"). Hold is included: a rule about to fire after its hold must still read
/// a full window at that moment, and the margin covers an evaluation tick running late.
/// </summary>
public static class RuleRetention
{
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    /// <summary>What one rule needs kept: a baseline rule also reads the <see cref="AnomalyDefaults.BaselineWindows"/> windows before its own.</summary>
    public static TimeSpan For(Rule rule) =>
        rule.Window * (rule.Kind == RuleKind.Baseline ? 1 + AnomalyDefaults.BaselineWindows : 1) + rule.HoldDuration + Margin;

    /// <summary>The longest need of the enabled rules; zero when there are none (the store keeps its configured floor).</summary>
    public static TimeSpan Required(IEnumerable<Rule> rules)
    {
        var longest = TimeSpan.Zero;
        foreach (var rule in rules)
        {
            if (rule.Enabled && For(rule) > longest) longest = For(rule);
        }
        return longest;
    }

    /// <summary>Applies the rules' need to the store.</summary>
    public static void Apply(SeriesStore series, IEnumerable<Rule> rules) => series.SetRequiredRetention(Required(rules));
}
