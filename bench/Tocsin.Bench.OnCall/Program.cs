// Issue #3 goal: on-call?at= answers in under 1 ms for a schedule with 3 layers and 50 overrides.
// Run: dotnet run -c Release --project bench/Tocsin.Bench.OnCall
using System.Diagnostics;
using System.Globalization;
using Tocsin.Core.OnCall;

const int Instants = 100_000;
var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.FromHours(1));
var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
var random = new Random(42);

// 50 non-overlapping overrides spread over the year, each 2–48 hours long.
var overrides = new List<ScheduleOverride>();
var cursor = start;
for (var i = 0; i < 50; i++)
{
    cursor = cursor.AddHours(random.Next(24, 24 * 6));
    var until = cursor.AddHours(random.Next(2, 48));
    overrides.Add(new ScheduleOverride(i + 1, 1000 + i, cursor, until));
    cursor = until;
}

var schedule = new Schedule(1, "Bench", "Europe/Berlin",
[
    new ScheduleLayer("base weekly", [1, 2, 3, 4, 5], start, ShiftLength.Weeks(1), new TimeOnly(9, 0)),
    new ScheduleLayer("new york office", [11, 12, 13], start, ShiftLength.Days(1), new TimeOnly(8, 0))
    {
        TimeZone = "America/New_York",
        Restrictions = [.. weekdays.Select(d => TimeWindow.Weekly(d, new TimeOnly(9, 0), new TimeOnly(17, 0)))],
    },
    new ScheduleLayer("follow the sun", [21, 22, 23], start, ShiftLength.Hours(8), new TimeOnly(1, 0))
    {
        Restrictions = [TimeWindow.Daily(new TimeOnly(22, 0), new TimeOnly(6, 0))],
    },
])
{ Overrides = overrides };

var errors = ScheduleValidator.Validate(schedule);
if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));

var span = TimeSpan.FromDays(365).Ticks;
var instants = new DateTimeOffset[Instants];
for (var i = 0; i < instants.Length; i++) instants[i] = start.AddTicks(random.NextInt64(span));

// Warm up the JIT and the zone cache.
long checksum = 0;
for (var i = 0; i < 20_000; i++) checksum += ScheduleCalculator.OnCallAt(schedule, instants[i % instants.Length]).UserId ?? 0;

var samples = new double[Instants];
var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
var total = Stopwatch.StartNew();
for (var i = 0; i < instants.Length; i++)
{
    var t0 = Stopwatch.GetTimestamp();
    checksum += ScheduleCalculator.OnCallAt(schedule, instants[i]).UserId ?? 0;
    samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
}
total.Stop();
var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
Array.Sort(samples);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"OnCallAt: 3 layers, 50 overrides, {Instants:N0} random instants over a year"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"  mean {samples.Average():F2} µs, p50 {samples[Instants / 2]:F2} µs, p99 {samples[(int)(Instants * 0.99)]:F2} µs, max {samples[^1]:F1} µs; total {total.Elapsed.TotalMilliseconds:F0} ms; {allocated / (double)Instants:F0} B allocated per call"));

// FinalShifts for 4 weeks, averaged over 4-week windows across the year.
const int Runs = 200;
var shiftCount = 0;
for (var i = 0; i < 20; i++) shiftCount = ScheduleCalculator.FinalShifts(schedule, start, start.AddDays(28)).Count;
var fsSamples = new double[Runs];
for (var i = 0; i < Runs; i++)
{
    var from = start.AddDays(i % 300);
    var t0 = Stopwatch.GetTimestamp();
    shiftCount = ScheduleCalculator.FinalShifts(schedule, from, from.AddDays(28)).Count;
    fsSamples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
}
Array.Sort(fsSamples);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"FinalShifts: 4 weeks, {Runs} windows: mean {fsSamples.Average() / 1000:F3} ms, p99 {fsSamples[(int)(Runs * 0.99)] / 1000:F3} ms, ~{shiftCount} shifts per window"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(Stopwatch frequency {Stopwatch.Frequency:N0} Hz, checksum {checksum})"));
return 0;
