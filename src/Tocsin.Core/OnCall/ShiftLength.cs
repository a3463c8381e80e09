namespace Tocsin.Core.OnCall;

/// <summary>
/// How long one turn of a rotation lasts. Daily and weekly turns are counted in local calendar days, so a
/// "day" across spring-forward is 23 hours; hourly and custom turns are exact durations.
/// </summary>
public readonly record struct ShiftLength(RotationKind Kind, int Count, TimeSpan Custom)
{
    public static ShiftLength Hours(int count) => new(RotationKind.Hourly, count, TimeSpan.Zero);
    public static ShiftLength Days(int count) => new(RotationKind.Daily, count, TimeSpan.Zero);
    public static ShiftLength Weeks(int count) => new(RotationKind.Weekly, count, TimeSpan.Zero);
    public static ShiftLength Of(TimeSpan duration) => new(RotationKind.Custom, 1, duration);

    /// <summary>True for rotations that hand off at the same local wall-clock time (daily, weekly).</summary>
    public bool IsCalendar => Kind is RotationKind.Daily or RotationKind.Weekly;

    /// <summary>The calendar-day count of a daily/weekly turn.</summary>
    public int LocalDays => Kind == RotationKind.Weekly ? Count * 7 : Count;

    /// <summary>The exact duration of an hourly/custom turn.</summary>
    public TimeSpan ExactDuration => Kind == RotationKind.Hourly ? TimeSpan.FromHours(Count) : Custom;

    public bool IsPositive => Kind switch
    {
        RotationKind.Custom => Custom > TimeSpan.Zero,
        RotationKind.Hourly or RotationKind.Daily or RotationKind.Weekly => Count > 0,
        _ => false,
    };
}
