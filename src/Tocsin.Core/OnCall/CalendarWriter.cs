using System.Globalization;
using System.Text;

namespace Tocsin.Core.OnCall;

public sealed class CalendarWriter : ICalendarWriter
{
    public const string ContentType = "text/calendar; charset=utf-8";
    private const string Crlf = "\r\n";
    private const int MaxLineOctets = 75;

    public void WriteScheduleFeed(TextWriter output, Schedule schedule, IReadOnlyList<Shift> shifts, Func<long, string> userName, DateTimeOffset now)
    {
        WriteHeader(output, $"On call: {schedule.Name}");
        foreach (var shift in shifts)
        {
            // UIDs must stay stable across fetches so subscribed calendars update events instead of duplicating them.
            var uid = $"schedule-{schedule.Id}-user-{shift.UserId}-{Stamp(shift.Start)}@tocsin";
            WriteEvent(output, uid, shift, $"On call: {userName(shift.UserId)} ({schedule.Name})", now);
        }
        WriteLine(output, "END:VCALENDAR");
    }

    public void WriteUserFeed(TextWriter output, long userId, string userName, IReadOnlyList<ScheduleShift> shifts, DateTimeOffset now)
    {
        WriteHeader(output, $"On call: {userName}");
        foreach (var s in shifts)
        {
            var uid = $"schedule-{s.ScheduleId}-user-{userId}-{Stamp(s.Shift.Start)}@tocsin";
            WriteEvent(output, uid, s.Shift, $"On call: {s.ScheduleName}", now);
        }
        WriteLine(output, "END:VCALENDAR");
    }

    private static void WriteHeader(TextWriter output, string calendarName)
    {
        WriteLine(output, "BEGIN:VCALENDAR");
        WriteLine(output, "VERSION:2.0");
        WriteLine(output, "PRODID:-//Tocsin//On-call//EN");
        WriteLine(output, "CALSCALE:GREGORIAN");
        WriteLine(output, "METHOD:PUBLISH");
        WriteLine(output, "X-WR-CALNAME:" + EscapeText(calendarName));
    }

    private static void WriteEvent(TextWriter output, string uid, Shift shift, string summary, DateTimeOffset now)
    {
        WriteLine(output, "BEGIN:VEVENT");
        WriteLine(output, "UID:" + EscapeText(uid));
        WriteLine(output, "DTSTAMP:" + Stamp(now));
        WriteLine(output, "DTSTART:" + Stamp(shift.Start));
        WriteLine(output, "DTEND:" + Stamp(shift.End));
        WriteLine(output, "SUMMARY:" + EscapeText(summary));
        WriteLine(output, "TRANSP:TRANSPARENT");
        WriteLine(output, "END:VEVENT");
    }

    internal static string Stamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11 TEXT escaping: backslash, semicolon, comma and newlines.</summary>
    internal static string EscapeText(string text)
    {
        if (text.AsSpan().IndexOfAny("\\;,\r\n") < 0) return text;
        var sb = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\\': sb.Append(@"\\"); break;
                case ';': sb.Append(@"\;"); break;
                case ',': sb.Append(@"\,"); break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': break;
                case '\r' or '\n': sb.Append(@"\n"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// RFC 5545 §3.1 folding: no line longer than 75 octets of UTF-8; continuation lines start with one space.
    /// A fold never splits a UTF-8 sequence or a surrogate pair.
    /// </summary>
    internal static void WriteLine(TextWriter output, string line)
    {
        var octets = 0;
        var limit = MaxLineOctets;
        for (var i = 0; i < line.Length; i++)
        {
            var width = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 4 : Utf8Width(line[i]);
            if (octets + width > limit)
            {
                output.Write(Crlf);
                output.Write(' ');
                octets = 0;
                limit = MaxLineOctets - 1; // the leading space counts towards the 75
            }
            output.Write(line[i]);
            if (width == 4) output.Write(line[++i]);
            octets += width;
        }
        output.Write(Crlf);
    }

    private static int Utf8Width(char c) => c switch
    {
        < '\u0080' => 1,
        < '\u0800' => 2,
        _ => 3,
    };
}
