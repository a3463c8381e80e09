namespace Tocsin.Core.OnCall;

/// <summary>
/// Writes shifts as an RFC 5545 <c>text/calendar</c> feed that calendar apps can subscribe to.
/// Output uses CRLF line endings whatever <see cref="TextWriter.NewLine"/> says, folds lines at 75 octets, and
/// writes every time in UTC. <c>now</c> becomes each event's DTSTAMP.
/// </summary>
public interface ICalendarWriter
{
    /// <summary>One event per shift of a schedule; <paramref name="userName"/> turns a user id into the summary text.</summary>
    void WriteScheduleFeed(TextWriter output, Schedule schedule, IReadOnlyList<Shift> shifts, Func<long, string> userName, DateTimeOffset now);

    /// <summary>One event per shift of one user, across schedules.</summary>
    void WriteUserFeed(TextWriter output, long userId, string userName, IReadOnlyList<ScheduleShift> shifts, DateTimeOffset now);
}
