namespace Tocsin.Core.OnCall;

/// <summary>
/// One rotation in a schedule. <see cref="Users"/>[0] is on call at <see cref="Start"/>; turns hand over at
/// <see cref="HandoffTime"/> (local, in <see cref="TimeZone"/>) — the first handoff is the first one after
/// <see cref="Start"/>, so the first turn may be short. Hourly and custom turns are exact durations counted from
/// the last handoff time at or before <see cref="Start"/>.
/// </summary>
public sealed record ScheduleLayer(
    string Name,
    IReadOnlyList<long> Users,
    DateTimeOffset Start,
    ShiftLength ShiftLength,
    TimeOnly HandoffTime)
{
    /// <summary>IANA zone of the handoff time and restrictions; null means the schedule's zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>When non-empty, the layer only has someone on call inside one of these local windows.</summary>
    public IReadOnlyList<TimeWindow> Restrictions { get; init; } = [];

    /// <summary>The layer stops at this instant (exclusive); null runs forever.</summary>
    public DateTimeOffset? End { get; init; }
}
