using System.Runtime.CompilerServices;

namespace Tocsin.Core.OnCall;

/// <summary>
/// The arithmetic of one layer's rotation: turn k covers [Boundary(k), Boundary(k+1)) and belongs to
/// Users[k mod n]. The turn at an instant is computed directly, never by walking turns from the layer start.
/// </summary>
internal sealed class LayerRotation
{
    // DST moves local time against UTC by at most this much in any IANA zone (the largest real shift is 2 h).
    private static readonly long s_maxOffsetShift = TimeSpan.FromHours(3).Ticks;

    // Layers are immutable records (a `with` copy is a new key), so the anchor is cached per instance; the weak
    // table lets it go with the layer.
    private static readonly ConditionalWeakTable<ScheduleLayer, LayerRotation> s_cache = [];

    private readonly ScheduleLayer _layer;
    private readonly string _zoneId;
    private readonly TimeZoneInfo _zone;
    private readonly DateTime _anchorLocal;
    private readonly DateTimeOffset _anchor;
    private readonly long _turnTicks;

    public static LayerRotation For(ScheduleLayer layer, string scheduleTimeZone)
    {
        var zoneId = layer.TimeZone ?? scheduleTimeZone;
        if (s_cache.TryGetValue(layer, out var cached) && cached._zoneId == zoneId) return cached;
        var rotation = new LayerRotation(layer, zoneId, TimeZones.Find(zoneId));
        s_cache.AddOrUpdate(layer, rotation);
        return rotation;
    }

    private LayerRotation(ScheduleLayer layer, string zoneId, TimeZoneInfo zone)
    {
        _layer = layer;
        _zoneId = zoneId;
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
    public long TurnAt(DateTimeOffset at) =>
        TurnAt(at, _layer.ShiftLength.IsCalendar ? TimeZones.ToLocal(at, _zone) : default);

    private long TurnAt(DateTimeOffset at, DateTime local)
    {
        long turn;
        if (!_layer.ShiftLength.IsCalendar)
        {
            turn = (at - _anchor).Ticks / _turnTicks;
        }
        else
        {
            // Estimate on the local wall clock. Only near a handoff can DST put the instant on the other side of
            // the boundary, so only there is the estimate checked against the real boundary instants.
            var elapsed = (local - _anchorLocal).Ticks;
            turn = elapsed / _turnTicks;
            var intoTurn = elapsed % _turnTicks;
            if (intoTurn < s_maxOffsetShift || _turnTicks - intoTurn <= s_maxOffsetShift || elapsed < 0)
            {
                if (Boundary(turn) > at) turn--;
                else if (Boundary(turn + 1) <= at) turn++;
            }
        }
        // A handoff time inside a spring-forward gap can push turn 0's boundary past the start; the start is still turn 0.
        return Math.Max(turn, 0);
    }

    public long UserOf(long turn) => _layer.Users[(int)(turn % _layer.Users.Count)];

    private bool IsWithinRestrictions(DateTime local)
    {
        var restrictions = _layer.Restrictions;
        for (var i = 0; i < restrictions.Count; i++)
            if (restrictions[i].Contains(local)) return true;
        return false;
    }

    /// <summary>The user on call in this layer at an instant, or null outside its span or restrictions.</summary>
    public long? UserAt(DateTimeOffset at)
    {
        if (!IsActive(at) || _layer.Users.Count == 0) return null;
        // One zone conversion serves both the restrictions and the turn estimate.
        var needsLocal = _layer.Restrictions.Count > 0 || _layer.ShiftLength.IsCalendar;
        var local = needsLocal ? TimeZones.ToLocal(at, _zone) : default;
        if (_layer.Restrictions.Count > 0 && !IsWithinRestrictions(local)) return null;
        return UserOf(TurnAt(at, local));
    }
}
