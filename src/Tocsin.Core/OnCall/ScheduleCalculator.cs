namespace Tocsin.Core.OnCall;

/// <summary>
/// Pure answers about a schedule: who is on call at an instant and which shifts make up a range.
/// Expects a schedule that passed <see cref="ScheduleValidator"/>: an unknown zone throws
/// <see cref="TimeZoneNotFoundException"/> and a non-positive shift length is undefined.
/// </summary>
public static class ScheduleCalculator
{
    public static OnCallAnswer OnCallAt(Schedule schedule, DateTimeOffset at)
    {
        // The last matching override wins, so a later correction beats an earlier one if storage ever lets both in.
        var overrides = schedule.Overrides;
        for (var i = overrides.Count - 1; i >= 0; i--)
            if (overrides[i].Covers(at)) return OnCallAnswer.FromOverride(overrides[i]);

        var layers = schedule.Layers;
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            var layer = layers[i];
            if (!IsActive(layer, at)) continue;
            var user = Rotation(layer, schedule.TimeZone).UserAt(at);
            if (user is { } id) return OnCallAnswer.FromLayer(id, i);
        }
        return OnCallAnswer.Nobody;
    }

    /// <summary>One layer's shifts in [from, until), after its start/end and restrictions, before layering.</summary>
    public static IReadOnlyList<Shift> LayerShifts(Schedule schedule, int layerIndex, DateTimeOffset from, DateTimeOffset until) =>
        LayerShifts(schedule.Layers[layerIndex], schedule.TimeZone, from, until);

    public static IReadOnlyList<Shift> LayerShifts(ScheduleLayer layer, string scheduleTimeZone, DateTimeOffset from, DateTimeOffset until)
    {
        var lo = from > layer.Start ? from : layer.Start;
        var hi = layer.End is { } end && end < until ? end : until;
        if (lo >= hi || layer.Users.Count == 0) return [];

        var rotation = Rotation(layer, scheduleTimeZone);
        var turns = new List<Shift>();
        var first = rotation.TurnAt(lo);
        for (var turn = first; ; turn++)
        {
            // The first turn starts at lo even when a spring-forward gap put its nominal boundary after it.
            var start = turn == first ? lo : rotation.Boundary(turn);
            if (start >= hi) break;
            var stop = rotation.Boundary(turn + 1);
            if (stop <= lo) continue;
            turns.Add(new Shift(rotation.UserOf(turn), start < lo ? lo : start, stop > hi ? hi : stop));
        }
        if (layer.Restrictions.Count == 0) return turns;
        return Intersect(turns, RestrictionIntervals(layer.Restrictions, rotation.Zone, lo, hi));
    }

    /// <summary>
    /// The shifts people actually work in [from, until): overrides over layers, higher layers over lower ones,
    /// restricted gaps falling through to lower layers, and adjacent pieces of the same user merged.
    /// </summary>
    public static IReadOnlyList<Shift> FinalShifts(Schedule schedule, DateTimeOffset from, DateTimeOffset until)
    {
        if (from >= until) return [];
        var layerShifts = new IReadOnlyList<Shift>[schedule.Layers.Count];
        var cuts = new List<DateTimeOffset> { from, until };
        for (var i = 0; i < layerShifts.Length; i++)
        {
            layerShifts[i] = LayerShifts(schedule.Layers[i], schedule.TimeZone, from, until);
            foreach (var s in layerShifts[i]) { cuts.Add(s.Start); cuts.Add(s.End); }
        }
        var overrides = new List<ScheduleOverride>();
        foreach (var o in schedule.Overrides)
        {
            if (o.Until <= from || o.From >= until || o.Until <= o.From) continue;
            overrides.Add(o);
            if (o.From > from) cuts.Add(o.From);
            if (o.Until < until) cuts.Add(o.Until);
        }
        cuts.Sort();

        var result = new List<Shift>();
        var cursor = new int[layerShifts.Length];
        for (var c = 0; c < cuts.Count - 1; c++)
        {
            var start = cuts[c];
            var end = cuts[c + 1];
            if (start == end) continue;
            var user = WinnerAt(start, overrides, layerShifts, cursor);
            if (user is not { } id) continue;
            if (result.Count > 0 && result[^1].UserId == id && result[^1].End == start)
                result[^1] = result[^1] with { End = end };
            else
                result.Add(new Shift(id, start, end));
        }
        return result;
    }

    // Segments are visited in time order, so each layer's cursor only moves forward.
    private static long? WinnerAt(DateTimeOffset at, List<ScheduleOverride> overrides, IReadOnlyList<Shift>[] layerShifts, int[] cursor)
    {
        for (var i = overrides.Count - 1; i >= 0; i--)
            if (overrides[i].Covers(at)) return overrides[i].UserId;
        for (var i = layerShifts.Length - 1; i >= 0; i--)
        {
            var shifts = layerShifts[i];
            while (cursor[i] < shifts.Count && shifts[cursor[i]].End <= at) cursor[i]++;
            if (cursor[i] < shifts.Count && shifts[cursor[i]].Start <= at) return shifts[cursor[i]].UserId;
        }
        return null;
    }

    private static bool IsActive(ScheduleLayer layer, DateTimeOffset at) =>
        at >= layer.Start && (layer.End is not { } end || at < end) && layer.Users.Count > 0;

    private static LayerRotation Rotation(ScheduleLayer layer, string scheduleTimeZone) =>
        LayerRotation.For(layer, scheduleTimeZone);

    /// <summary>The restriction windows as sorted, merged UTC intervals covering [lo, hi).</summary>
    private static List<(DateTimeOffset Start, DateTimeOffset End)> RestrictionIntervals(
        IReadOnlyList<TimeWindow> windows, TimeZoneInfo zone, DateTimeOffset lo, DateTimeOffset hi)
    {
        var raw = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        // Start a day early so a window that crosses midnight into lo's day is included.
        var last = TimeZones.ToLocal(hi, zone).Date;
        for (var day = TimeZones.ToLocal(lo, zone).Date.AddDays(-1); day <= last; day = day.AddDays(1))
        {
            foreach (var w in windows)
            {
                if (w.Day is { } d && d != day.DayOfWeek) continue;
                var start = TimeZones.ToInstant(day + w.Start.ToTimeSpan(), zone);
                var end = TimeZones.ToInstant((w.CrossesMidnight ? day.AddDays(1) : day) + w.End.ToTimeSpan(), zone);
                if (end > lo && start < hi && end > start) raw.Add((start, end));
            }
        }
        raw.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(DateTimeOffset Start, DateTimeOffset End)>(raw.Count);
        foreach (var r in raw)
        {
            if (merged.Count > 0 && r.Start <= merged[^1].End)
            {
                if (r.End > merged[^1].End) merged[^1] = (merged[^1].Start, r.End);
            }
            else merged.Add(r);
        }
        return merged;
    }

    private static List<Shift> Intersect(List<Shift> turns, List<(DateTimeOffset Start, DateTimeOffset End)> windows)
    {
        var result = new List<Shift>();
        int t = 0, w = 0;
        while (t < turns.Count && w < windows.Count)
        {
            var start = turns[t].Start > windows[w].Start ? turns[t].Start : windows[w].Start;
            var end = turns[t].End < windows[w].End ? turns[t].End : windows[w].End;
            if (start < end) result.Add(new Shift(turns[t].UserId, start, end));
            if (turns[t].End <= windows[w].End) t++; else w++;
        }
        return result;
    }
}
