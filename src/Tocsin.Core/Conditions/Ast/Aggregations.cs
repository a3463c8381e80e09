namespace Tocsin.Core.Conditions.Ast;

/// <summary>Inner aggregation, applied first to each series over the evaluation window (IBM reference §4).</summary>
public enum TimeAggregation
{
    Avg,
    /// <summary>Sysdig "rate": sum of samples divided by the number of evaluation steps in the window.</summary>
    TimeAvg,
    Min,
    Max,
    Sum,
    /// <summary>Number of samples in the window; used for event counts such as <c>count(customEvent)</c>.</summary>
    Count,
}

/// <summary>Outer aggregation across the series of one segment.</summary>
public enum GroupAggregation
{
    Avg,
    Min,
    Max,
    Sum,
}

public static class Aggregations
{
    public const string TimeNames = "avg, timeAvg, min, max, sum, count, timeMin, timeMax, timeSum";
    public const string GroupNames = "avg, min, max, sum";

    public static bool TryParseTime(string name, out TimeAggregation aggregation)
    {
        aggregation = name.ToLowerInvariant() switch
        {
            "avg" => TimeAggregation.Avg,
            "timeavg" => TimeAggregation.TimeAvg,
            // timeMin/timeMax/timeSum are the UI's spellings of the same aggregations (e.g. max(timeMax(cpu))).
            "min" or "timemin" => TimeAggregation.Min,
            "max" or "timemax" => TimeAggregation.Max,
            "sum" or "timesum" => TimeAggregation.Sum,
            "count" => TimeAggregation.Count,
            _ => (TimeAggregation)(-1),
        };
        return Enum.IsDefined(aggregation);
    }

    public static bool TryParseGroup(string name, out GroupAggregation aggregation)
    {
        aggregation = name.ToLowerInvariant() switch
        {
            "avg" => GroupAggregation.Avg,
            "min" => GroupAggregation.Min,
            "max" => GroupAggregation.Max,
            "sum" => GroupAggregation.Sum,
            _ => (GroupAggregation)(-1),
        };
        return Enum.IsDefined(aggregation);
    }

    public static string Name(this TimeAggregation aggregation) => aggregation switch
    {
        TimeAggregation.TimeAvg => "timeAvg",
        _ => aggregation.ToString().ToLowerInvariant(),
    };

    public static string Name(this GroupAggregation aggregation) => aggregation.ToString().ToLowerInvariant();

    /// <summary>
    /// When the group aggregation is left out, Sysdig picks one per metric; without metric metadata we
    /// follow the time aggregation (sums and counts add up, averages average, extremes stay extremes).
    /// </summary>
    public static GroupAggregation DefaultGroup(this TimeAggregation time) => time switch
    {
        TimeAggregation.Min => GroupAggregation.Min,
        TimeAggregation.Max => GroupAggregation.Max,
        TimeAggregation.Sum or TimeAggregation.Count => GroupAggregation.Sum,
        _ => GroupAggregation.Avg,
    };
}
