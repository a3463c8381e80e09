using Tocsin.Core.OnCall;

namespace Tocsin.Core.Alerts;

/// <summary>
/// Which open alerts a write looks for. <see cref="DedupKey"/>, <see cref="SourceId"/> and <see cref="Title"/> (exact summary)
/// narrow when set; <see cref="PendingOnly"/> keeps triggered (and dropped: nobody acknowledged) alerts only; <see cref="CreatedSince"/>
/// keeps alerts opened at or after that instant. Matches come newest first.
/// </summary>
public sealed record OpenAlertMatch(string? DedupKey, long? SourceId = null, bool PendingOnly = false, DateTimeOffset? CreatedSince = null, string? Title = null);

/// <summary>
/// One step of a join decision: load at most <see cref="Limit"/> open alerts matching <see cref="Match"/> (newest first) and join the
/// first one whose summary is at least <see cref="MinSimilarity"/> like the event's (<see cref="SummarySimilarity"/>), or simply the
/// first when no similarity is asked for.
/// </summary>
public sealed record OpenAlertLookup(OpenAlertMatch Match, int Limit = 1, double? MinSimilarity = null);

/// <summary>The alert creation modes of a source as one pure decision: which open alert, if any, a trigger event joins.</summary>
public static class AlertCreation
{
    /// <summary>INTELLIGENT_GROUPING's threshold when the source names none.</summary>
    public const double DefaultScoreThreshold = 0.75;

    /// <summary>
    /// Bounds the similarity scan on the ingest path: only the newest open alerts of the source within the window are compared.
    /// A source with more open alerts than this in one window is a flood, and a new alert there is harmless.
    /// </summary>
    public const int MaxSimilarityCandidates = 50;

    /// <summary>The modes that group by <see cref="AlertSource.GroupingWindow"/>, which requires it; no other mode reads it.</summary>
    public static bool UsesGroupingWindow(AlertCreationMode mode) =>
        mode is AlertCreationMode.OneAlertGroupedPerWindow or AlertCreationMode.IntelligentGrouping;

    /// <summary>
    /// The lookups, tried in order until one finds an alert, that decide which open alert a trigger with <paramref name="dedupKey"/>
    /// and <paramref name="title"/> joins under <paramref name="source"/>'s mode; none found (or no lookups) opens a new alert.
    /// Events without a source keep the default: one open alert per key.
    /// </summary>
    /// <remarks>
    /// In the modes that group by something other than the key (pending, window, summary, similarity), an event whose key matches an
    /// open (pending or accepted) alert joins that alert first: ilert groups by <c>alertKey</c> "regardless" of the mode (#8). Only
    /// without such an alert does the mode's own rule apply. One-per-event never joins, and one-open-per-source joins the source's
    /// open alert whatever the key, as before.
    /// </remarks>
    public static IReadOnlyList<OpenAlertLookup> LookupsFor(AlertSource? source, string? dedupKey, string title, DateTimeOffset now)
    {
        OpenAlertLookup? byKey = dedupKey is null ? null : new OpenAlertLookup(new OpenAlertMatch(dedupKey));
        if (source is null) return byKey is null ? [] : [byKey];
        OpenAlertLookup? byMode = source.CreationMode switch
        {
            AlertCreationMode.OneAlertPerEvent => null,
            // With a key the mode's rule (the pending alert with that key) finds nothing the key-first lookup did not.
            AlertCreationMode.OnePendingAlert => dedupKey is null ? new(new OpenAlertMatch(null, source.Id, PendingOnly: true)) : byKey,
            AlertCreationMode.OneOpenAlertPerSource => new(new OpenAlertMatch(null, source.Id)),
            // A grouping source without a window (only possible through old rows) behaves like one alert per key.
            AlertCreationMode.OneAlertGroupedPerWindow when source.GroupingWindow is { } window => new(new OpenAlertMatch(null, source.Id, CreatedSince: now - window)),
            AlertCreationMode.OneAlertPerSummary => new(new OpenAlertMatch(null, source.Id, Title: title)),
            AlertCreationMode.IntelligentGrouping when source.GroupingWindow is { } window =>
                new(new OpenAlertMatch(null, source.Id, CreatedSince: now - window), MaxSimilarityCandidates, source.ScoreThreshold ?? DefaultScoreThreshold),
            // OpenResolveOnExtraction: the extracted key is the event's key, so it is one open alert per key; the resolve half is
            // the resolve event by key, as in every mode.
            _ => byKey,
        };
        if (byMode is null) return [];
        var keyFirst = source.CreationMode is AlertCreationMode.OneAlertGroupedPerWindow or AlertCreationMode.OneAlertPerSummary
            or AlertCreationMode.IntelligentGrouping;
        return keyFirst && byKey is not null && byMode != byKey ? [byKey, byMode] : [byMode];
    }

    /// <summary>The alert <paramref name="lookup"/> joins among its <paramref name="candidates"/> (newest first), or null.</summary>
    public static Alert? Pick(OpenAlertLookup lookup, IReadOnlyList<Alert> candidates, string title)
    {
        if (lookup.MinSimilarity is not { } min) return candidates.Count > 0 ? candidates[0] : null;
        if (candidates.Count == 0) return null;
        var tokens = SummarySimilarity.Tokens(title);
        foreach (var alert in candidates)
            if (SummarySimilarity.Score(tokens, SummarySimilarity.Tokens(alert.Title)) >= min) return alert;
        return null;
    }
}
