namespace Tocsin.Core.Rules;

/// <summary>
/// Ok → Pending → Firing → Resolved → Ok. Pending waits out the hold duration and falls back to Ok if
/// the condition stops holding (a flap). Resolved lasts one cycle so that readers can see the clear.
/// </summary>
public enum SegmentStatus
{
    Ok,
    Pending,
    Firing,
    Resolved,
}

/// <summary>Per-segment state carried from one evaluation to the next; the worker persists it.</summary>
public sealed record SegmentState(
    string SegmentKey,
    SegmentStatus Status,
    AlertLevel Level,
    double Value,
    DateTimeOffset EvaluatedAt,
    DateTimeOffset? PendingSince = null,
    DateTimeOffset? FiringSince = null,
    AlertLevel LastDataLevel = AlertLevel.None,
    bool HasData = true);
