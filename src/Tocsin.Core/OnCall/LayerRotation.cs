namespace Tocsin.Core.OnCall;

/// <summary>
/// The arithmetic of one layer's rotation: turn k covers [Boundary(k), Boundary(k+1)) and belongs to
/// Users[k mod n]. The turn at an instant is computed directly, never by walking turns from the layer start.
/// </summary>
internal readonly struct LayerRotation
{
    private readonly ScheduleLayer _layer;
    private readonly TimeZoneInfo _zone;
    private readonly DateTime _anchorLocal;
    private readonly DateTimeOffset _anchor;
    private readonly long _turnTicks;

    public LayerRotation(ScheduleLayer layer, TimeZoneInfo zone)
    {
        _layer = layer;
        _zone = zone;
        var startLocal = TimeZones.ToLocal(layer.Start, zone);
        // The last handoff at or before the start anchors the turns, so Users[0] holds the first (maybe short) turn.
        var anchorLocal = startLocal.Date + layer.HandoffTime.ToTimeSpan();
        if (anchorLocal > startLocal) anchorLocal = anchorLocal.AddDays(-1);
        _anchorLocal = anchorLocal;
        _anchor = TimeZones.ToInstant(anchorLocal, zone);
        _turnTicks = layer.ShiftLength.IsCalendar
            ? layer.ShiftLength.LocalDays * TimeSpan.TicksPerDay
            : layer.ShiftLength.ExactDuration.Ticks;
    }

    public TimeZoneInfo Zone => _zone;

    public bool IsActive(DateTimeOffset at) => at >= _layer.Start && (_layer.End is not { } end || at < end);

    public DateTimeOffset Boundary(long turn) => _layer.ShiftLength.IsCalendar
        ? TimeZones.ToInstant(_anchorLocal.AddTicks(turn * _turnTicks), _zone)
        : _anchor.AddTicks(turn * _turnTicks);

    /// <summary>The turn in force at <paramref name="at"/>, which must not precede the layer start.</summary>
    public long TurnAt(DateTimeOffset at)
    {
        long turn;
        if (!_layer.ShiftLength.IsCalendar)
        {
            turn = (at - _anchor).Ticks / _turnTicks;
        }
        else
        {
            // Estimate on the local wall clock, then correct by at most one turn where DST moved the boundary.
            var local = TimeZones.ToLocal(at, _zone);
            turn = (local - _anchorLocal).Ticks / _turnTicks;
            if (Boundary(turn) > at) turn--;
            else if (Boundary(turn + 1) <= at) turn++;
        }
        // A handoff time inside a spring-forward gap can push turn 0's boundary past the start; the start is still turn 0.
        return Math.Max(turn, 0);
    }

    public long UserOf(long turn) => _layer.Users[(int)(turn % _layer.Users.Count)];

    public bool IsWithinRestrictions(DateTimeOffset at)
    {
        var restrictions = _layer.Restrictions;
        if (restrictions.Count == 0) return true;
        var local = TimeZones.ToLocal(at, _zone);
        for (var i = 0; i < restrictions.Count; i++)
            if (restrictions[i].Contains(local)) return true;
        return false;
    }

    /// <summary>The user on call in this layer at an instant, or null outside its span or restrictions.</summary>
    public long? UserAt(DateTimeOffset at)
    {
        if (!IsActive(at) || !IsWithinRestrictions(at)) return null;
        return UserOf(TurnAt(at));
    }
}
