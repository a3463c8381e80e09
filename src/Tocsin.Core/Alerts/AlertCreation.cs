using Tocsin.Core.OnCall;

namespace Tocsin.Core.Alerts;

/// <summary>
/// Which open alerts a write looks for. <see cref="DedupKey"/> and <see cref="SourceId"/> narrow when set;
/// <see cref="PendingOnly"/> keeps triggered (and dropped: nobody acknowledged) alerts only; <see cref="CreatedSince"/> keeps
/// alerts opened at or after that instant. Matches come newest first.
/// </summary>
public sealed record OpenAlertMatch(string? DedupKey, long? SourceId = null, bool PendingOnly = false, DateTimeOffset? CreatedSince = null);

/// <summary>The alert creation modes of a source as one pure decision: which open alert, if any, a trigger event joins.</summary>
public static class AlertCreation
{
    /// <summary>
    /// The open alert a trigger with <paramref name="dedupKey"/> joins under <paramref name="source"/>'s mode, or null when it
    /// always opens a new alert. Events without a source keep the default: one open alert per key.
    /// </summary>
    public static OpenAlertMatch? JoinableFor(AlertSource? source, string? dedupKey, DateTimeOffset now)
    {
        if (source is null) return dedupKey is null ? null : new OpenAlertMatch(dedupKey);
        return source.CreationMode switch
        {
            AlertCreationMode.OneAlertPerEvent => null,
            AlertCreationMode.OnePendingAlert => dedupKey is null ? new OpenAlertMatch(null, source.Id, PendingOnly: true) : new OpenAlertMatch(dedupKey, PendingOnly: true),
            AlertCreationMode.OneOpenAlertPerSource => new OpenAlertMatch(null, source.Id),
            // A grouping source without a window (only possible through old rows) behaves like one alert per key.
            AlertCreationMode.OneAlertGroupedPerWindow when source.GroupingWindow is { } window => new OpenAlertMatch(null, source.Id, CreatedSince: now - window),
            _ => dedupKey is null ? null : new OpenAlertMatch(dedupKey),
        };
    }
}
