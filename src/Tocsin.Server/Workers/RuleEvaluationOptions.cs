namespace Tocsin.Server.Workers;

/// <summary>Bound from <c>Tocsin:Rules</c>.</summary>
public sealed class RuleEvaluationOptions
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the worker looks for due rules; each rule still runs only every <c>evaluationStepSeconds</c>. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;
}
