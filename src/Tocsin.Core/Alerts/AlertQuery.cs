namespace Tocsin.Core.Alerts;

public enum AlertSortField { CreatedAt, LastSeenAt, Priority, Number }

/// <summary>Filters for listing and counting alerts. Empty collections mean "any".</summary>
public sealed record AlertQuery
{
    public IReadOnlyList<AlertStatus> Statuses { get; init; } = [];
    public IReadOnlyList<Priority> Priorities { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
    public long? AssigneeUserId { get; init; }
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];
    public string? Text { get; init; }
    public string? DedupKey { get; init; }
    public DateTimeOffset? CreatedFrom { get; init; }
    public DateTimeOffset? CreatedUntil { get; init; }
    public AlertSortField Sort { get; init; } = AlertSortField.CreatedAt;
    public bool Descending { get; init; } = true;
    public int Limit { get; init; } = 50;
    public AlertCursor? After { get; init; }
    // #8 (ilert dialect): filters by source/policy/responder ids and offset paging (start-index).
    public IReadOnlyList<long> SourceIds { get; init; } = [];
    /// <summary>Alerts escalating along one of these policies (the escalation row's policy).</summary>
    public IReadOnlyList<long> PolicyIds { get; init; } = [];
    public IReadOnlyList<long> ResponderUserIds { get; init; } = [];
    /// <summary>Rows to skip before the page; only used without <see cref="After"/>.</summary>
    public int Offset { get; init; }
}

/// <summary>Keyset position: the sort value and id of the last row of the previous page.</summary>
public sealed record AlertCursor(long SortValue, long Id);

public sealed record AlertPage(IReadOnlyList<Alert> Items, AlertCursor? Next);

public sealed record TimelinePage(IReadOnlyList<TimelineEntry> Items, long? NextAfterId);
