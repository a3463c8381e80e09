namespace Tocsin.Core.OnCall;

/// <summary>
/// A local wall-clock window, either every day (<see cref="Day"/> null) or on one weekday. An end at or before the
/// start runs past midnight into the next day; equal start and end mean the whole 24 hours.
/// </summary>
public readonly record struct TimeWindow(DayOfWeek? Day, TimeOnly Start, TimeOnly End)
{
    public static TimeWindow Daily(TimeOnly start, TimeOnly end) => new(null, start, end);
    public static TimeWindow Weekly(DayOfWeek day, TimeOnly start, TimeOnly end) => new(day, start, end);

    public bool CrossesMidnight => End <= Start;

    /// <summary>Whether a local wall-clock time falls inside the window (start inclusive, end exclusive).</summary>
    public bool Contains(DateTime local)
    {
        var time = TimeOnly.FromDateTime(local);
        var day = local.DayOfWeek;
        if (!CrossesMidnight)
            return (Day is null || Day == day) && time >= Start && time < End;
        // Past midnight: the part from Start to 24:00 belongs to Day, the part until End to the day after.
        var startsToday = (Day is null || Day == day) && time >= Start;
        var spillsFromYesterday = (Day is null || NextDay(Day.Value) == day) && time < End;
        return startsToday || spillsFromYesterday;
    }

    internal static DayOfWeek NextDay(DayOfWeek day) => (DayOfWeek)(((int)day + 1) % 7);
}
