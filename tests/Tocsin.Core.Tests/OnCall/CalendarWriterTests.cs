using System.Text;
using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

public sealed class CalendarWriterTests
{
    private static readonly DateTimeOffset s_now = At("2026-01-04T12:00Z");

    private static string ScheduleFeed(Schedule schedule, IReadOnlyList<Shift> shifts, Func<long, string> names)
    {
        var output = new StringWriter { NewLine = "\n" }; // the writer must not depend on the platform newline
        new CalendarWriter().WriteScheduleFeed(output, schedule, shifts, names, s_now);
        return output.ToString();
    }

    private static readonly Schedule s_schedule = new(7, "Ops", "Europe/Berlin", []);

    [Fact]
    public void WriteScheduleFeed_OneShift_WritesTheExactCalendar()
    {
        var text = ScheduleFeed(s_schedule, [new Shift(1, At("2026-01-05T09:00+01:00"), At("2026-01-06T09:00+01:00"))], _ => "Ada");

        text.ShouldBe(string.Join("\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Tocsin//On-call//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:On call: Ops",
            "BEGIN:VEVENT",
            "UID:schedule-7-user-1-20260105T080000Z@tocsin",
            "DTSTAMP:20260104T120000Z",
            "DTSTART:20260105T080000Z",
            "DTEND:20260106T080000Z",
            "SUMMARY:On call: Ada (Ops)",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
            "END:VCALENDAR",
            ""));
    }

    [Fact]
    public void WriteScheduleFeed_SpecialCharacters_AreEscaped()
    {
        var text = ScheduleFeed(s_schedule, [new Shift(1, At("2026-01-05T08:00Z"), At("2026-01-06T08:00Z"))], _ => "Smith, J; a\\b\nnext");

        text.ShouldContain("SUMMARY:On call: Smith\\, J\\; a\\\\b\\nnext (Ops)\r\n");
    }

    [Fact]
    public void WriteScheduleFeed_LongSummary_FoldsAt75OctetsWithoutSplittingCharacters()
    {
        var name = string.Concat(Enumerable.Repeat("Jürgen Ölßner 😀 ", 12));
        var text = ScheduleFeed(s_schedule, [new Shift(1, At("2026-01-05T08:00Z"), At("2026-01-06T08:00Z"))], _ => name);

        var lines = text.Split("\r\n");
        lines.ShouldAllBe(l => Encoding.UTF8.GetByteCount(l) <= 75);
        lines.Count(l => l.StartsWith(' ')).ShouldBeGreaterThan(2);
        text.Replace("\r\n ", "").ShouldContain($"SUMMARY:On call: {name} (Ops)\r\n");
        text.ShouldNotContain("\uFFFD");
        // Every line break is CRLF: removing the CRLFs leaves no bare CR or LF behind.
        text.Replace("\r\n", "").IndexOfAny(['\r', '\n']).ShouldBe(-1);
    }

    [Fact]
    public void WriteUserFeed_ShiftsFromTwoSchedules_NameTheSchedules()
    {
        var output = new StringWriter();
        new CalendarWriter().WriteUserFeed(output, 3, "Grace", [
            new ScheduleShift(7, "Ops", new Shift(3, At("2026-01-05T08:00Z"), At("2026-01-06T08:00Z"))),
            new ScheduleShift(8, "DB", new Shift(3, At("2026-01-07T08:00Z"), At("2026-01-07T16:00Z"))),
        ], s_now);
        var text = output.ToString();

        text.ShouldContain("X-WR-CALNAME:On call: Grace\r\n");
        text.ShouldContain("UID:schedule-7-user-3-20260105T080000Z@tocsin\r\n");
        text.ShouldContain("SUMMARY:On call: DB\r\nTRANSP");
        text.ShouldContain("DTEND:20260107T160000Z\r\n");
        text.Split("BEGIN:VEVENT").Length.ShouldBe(3);
    }
}
