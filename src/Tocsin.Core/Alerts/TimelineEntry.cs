namespace Tocsin.Core.Alerts;

/// <summary>One line of an alert's audit timeline. <see cref="Type"/> values are stable strings (see <see cref="TimelineTypes"/>).</summary>
public sealed record TimelineEntry(
    long Id,
    long AlertId,
    string Type,
    DateTimeOffset At,
    Actor Actor,
    string Text,
    IReadOnlyDictionary<string, string>? Vars);

public static class TimelineTypes
{
    public const string Created = "created";
    public const string Repeated = "repeated";
    public const string Acknowledged = "acknowledged";
    public const string Unacknowledged = "unacknowledged";
    public const string Resolved = "resolved";
    public const string Dropped = "dropped";
    public const string Archived = "archived";
    public const string Updated = "updated";
    public const string Comment = "comment";
}
