namespace Tocsin.Core.OnCall;

/// <summary>
/// An on-call schedule. Layers are ordered by precedence: a higher index wins wherever it has someone on call.
/// Overrides win over every layer.
/// </summary>
public sealed record Schedule(long Id, string Name, string TimeZone, IReadOnlyList<ScheduleLayer> Layers)
{
    public IReadOnlyList<ScheduleOverride> Overrides { get; init; } = [];
}
