namespace Tocsin.Core.OnCall;

/// <summary>
/// Who is on call at an instant and what produced the answer: the winning layer's index or the override's id.
/// A schedule has at most one person on call at a time, so <see cref="UserId"/> is null when nobody is.
/// </summary>
public readonly record struct OnCallAnswer(long? UserId, OnCallSource Source, int LayerIndex, long? OverrideId)
{
    public static OnCallAnswer Nobody => new(null, OnCallSource.Nobody, -1, null);
    public static OnCallAnswer FromLayer(long userId, int layerIndex) => new(userId, OnCallSource.Layer, layerIndex, null);
    public static OnCallAnswer FromOverride(ScheduleOverride o) => new(o.UserId, OnCallSource.Override, -1, o.Id);

    public bool IsSomeoneOnCall => UserId is not null;
}
