using System.Text.Json.Nodes;

namespace Tocsin.Core.Alerts;

/// <summary>
/// An alert (incident). Mutated only through its transition and update methods, each of which returns the one
/// timeline entry describing the change (or null when nothing changed), so every change is audited exactly once.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }
    public Guid TenantId { get; init; }
    /// <summary>Per-tenant human number (tinyId).</summary>
    public long Number { get; set; }
    public required string Title { get; set; }
    public string? Details { get; set; }
    public string? Source { get; set; }
    public long? SourceId { get; set; }
    public string? DedupKey { get; init; }
    public Priority Priority { get; set; } = Priority.High;
    public int Severity { get; set; } = Priority.High.DefaultSeverity();
    public AlertStatus Status { get; private set; } = AlertStatus.Triggered;
    public Dictionary<string, string> Labels
    {
        get => _labels;
        set { _labels = value; LabelsChanged = true; }
    }
    private Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    /// <summary>Set when labels were replaced since load, so storage rewrites its label index only then.</summary>
    public bool LabelsChanged { get; private set; }
    public void AcceptChanges() => LabelsChanged = false;
    public List<string> Tags { get; set; } = [];
    public List<AlertLink> Links { get; set; } = [];
    public List<AlertImage> Images { get; set; } = [];
    public JsonObject? Meta { get; set; }
    public int Count { get; private set; } = 1;
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset LastSeenAt { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? AcknowledgedAt { get; private set; }
    public Actor? AcknowledgedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public Actor? ResolvedBy { get; private set; }
    public DateTimeOffset? ArchivedAt { get; private set; }
    public Actor? ArchivedBy { get; private set; }
    public long? AssigneeUserId { get; set; }
    public List<Responder> Responders { get; set; } = [];
    public long? ParentId { get; set; }

    /// <summary>
    /// An independent copy of the alert as it stands. The write session keeps one of an alert it has just written, to
    /// answer the next lookup of its key in the same transaction while the command that wrote it goes on with its own.
    /// Every collection is copied (their elements are immutable records); a new mutable member must be copied here too.
    /// </summary>
    public Alert Snapshot()
    {
        var copy = (Alert)MemberwiseClone();
        copy._labels = new Dictionary<string, string>(_labels, StringComparer.Ordinal);
        copy.Tags = [.. Tags];
        copy.Links = [.. Links];
        copy.Images = [.. Images];
        copy.Responders = [.. Responders];
        copy.Meta = Meta?.DeepClone().AsObject();
        return copy;
    }

    public static Alert Open(Guid tenantId, NewAlert spec, DateTimeOffset now) => new()
    {
        TenantId = tenantId,
        Title = spec.Title,
        Details = spec.Details,
        Source = spec.Source,
        SourceId = spec.SourceId,
        DedupKey = spec.DedupKey,
        Priority = spec.Priority,
        Severity = spec.Severity ?? spec.Priority.DefaultSeverity(),
        Labels = spec.Labels is null ? new(StringComparer.Ordinal) : new(spec.Labels, StringComparer.Ordinal),
        Tags = spec.Tags?.ToList() ?? [],
        Links = spec.Links?.ToList() ?? [],
        Images = spec.Images?.ToList() ?? [],
        Meta = spec.Meta,
        ParentId = spec.ParentId,
        FirstSeenAt = spec.OccurredAt ?? now,
        LastSeenAt = spec.OccurredAt ?? now,
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>Rebuilds an alert from storage; bypasses the state machine on purpose.</summary>
    public static Alert Restore(Guid tenantId, string title, AlertStatus status, int count, DateTimeOffset firstSeen, DateTimeOffset lastSeen,
        DateTimeOffset createdAt, DateTimeOffset updatedAt, string? dedupKey) => new()
    {
        TenantId = tenantId,
        Title = title,
        Status = status,
        Count = count,
        FirstSeenAt = firstSeen,
        LastSeenAt = lastSeen,
        CreatedAt = createdAt,
        UpdatedAt = updatedAt,
        DedupKey = dedupKey,
    };

    public void RestoreLifecycle(DateTimeOffset? ackAt, Actor? ackBy, DateTimeOffset? resolvedAt, Actor? resolvedBy, DateTimeOffset? archivedAt, Actor? archivedBy)
    {
        AcknowledgedAt = ackAt; AcknowledgedBy = ackBy;
        ResolvedAt = resolvedAt; ResolvedBy = resolvedBy;
        ArchivedAt = archivedAt; ArchivedBy = archivedBy;
    }

    public TimelineEntry CreatedEntry(Actor by) =>
        Entry(TimelineTypes.Created, CreatedAt, by, $"Alert created: {Title}", new Dictionary<string, string>
        {
            ["priority"] = Priority.ToWire(),
            ["source"] = Source ?? "",
        });

    /// <summary>Applies a state-machine action. Rejected actions change nothing and return the reason.</summary>
    public (Transition Transition, TimelineEntry? Entry) Apply(AlertAction action, Actor by, DateTimeOffset now, string? note = null)
    {
        var t = AlertTransitions.Decide(Status, action);
        if (t.Kind != TransitionKind.Applied) return (t, null);

        var from = Status;
        Status = t.To;
        UpdatedAt = now;
        string type;
        switch (action)
        {
            case AlertAction.Acknowledge:
                AcknowledgedAt = now; AcknowledgedBy = by; type = TimelineTypes.Acknowledged;
                if (by.UserId is { } user) AcceptAsResponder(user, now);
                break;
            case AlertAction.Unacknowledge:
                AcknowledgedAt = null; AcknowledgedBy = null; type = TimelineTypes.Unacknowledged;
                Responders = Responders.Select(r => r.Status == ResponderStatus.Accepted ? r with { Status = ResponderStatus.Pending, AcceptedAt = null } : r).ToList();
                break;
            case AlertAction.Resolve:
                ResolvedAt = now; ResolvedBy = by; type = TimelineTypes.Resolved; break;
            case AlertAction.Drop:
                type = TimelineTypes.Dropped; break;
            default:
                ArchivedAt = now; ArchivedBy = by; type = TimelineTypes.Archived; break;
        }
        var text = $"Alert {t.To.ToWire()}" + (string.IsNullOrEmpty(note) ? "" : ": " + note);
        return (t, Entry(type, now, by, text, new Dictionary<string, string> { ["from"] = from.ToWire(), ["to"] = t.To.ToWire() }));
    }

    /// <summary>The person who acknowledges is a responder who accepted (ilert shows them ACCEPTED with acceptedAt); added if not asked before.</summary>
    private void AcceptAsResponder(long userId, DateTimeOffset now)
    {
        var i = Responders.FindIndex(r => r.UserId == userId);
        var accepted = new Responder(userId, ResponderStatus.Accepted, i >= 0 ? Responders[i].AddedAt : now, now);
        if (i >= 0) Responders[i] = accepted;
        else Responders = [.. Responders, accepted];
    }

    /// <summary>A repeat of the same dedup key while open: counts it and takes the newer descriptive fields.</summary>
    public TimelineEntry Repeat(NewAlert spec, Actor by, DateTimeOffset now)
    {
        Count++;
        var seen = spec.OccurredAt ?? now;
        if (seen > LastSeenAt) LastSeenAt = seen;
        var changed = new List<string>();
        if (spec.Title != Title) { Title = spec.Title; changed.Add("title"); }
        if (spec.Details is not null && spec.Details != Details) { Details = spec.Details; changed.Add("details"); }
        if (spec.PriorityGiven && spec.Priority != Priority)
        {
            Priority = spec.Priority; Severity = spec.Severity ?? spec.Priority.DefaultSeverity(); changed.Add("priority");
        }
        if (spec.Labels is not null && !DictEquals(spec.Labels, Labels)) { Labels = new(spec.Labels, StringComparer.Ordinal); changed.Add("labels"); }
        if (spec.Links is { Count: > 0 }) { Links = spec.Links.ToList(); changed.Add("links"); }
        if (spec.Images is { Count: > 0 }) { Images = spec.Images.ToList(); changed.Add("images"); }
        UpdatedAt = now;
        var vars = new Dictionary<string, string> { ["count"] = Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (changed.Count > 0) vars["changed"] = string.Join(',', changed);
        return Entry(TimelineTypes.Repeated, now, by, $"Repeated (count {Count})", vars);
    }

    /// <summary>Applies an edit; returns null when nothing actually changed.</summary>
    public TimelineEntry? Update(AlertPatch patch, Actor by, DateTimeOffset now)
    {
        var changed = new List<string>();
        if (patch.Title is not null && patch.Title != Title) { Title = patch.Title; changed.Add("title"); }
        if (patch.Details is not null && patch.Details != Details) { Details = patch.Details; changed.Add("details"); }
        if (patch.Priority is { } p && p != Priority) { Priority = p; Severity = patch.Severity ?? p.DefaultSeverity(); changed.Add("priority"); }
        else if (patch.Severity is { } s && s != Severity) { Severity = s; changed.Add("severity"); }
        if (patch.Labels is not null && !DictEquals(patch.Labels, Labels)) { Labels = new(patch.Labels, StringComparer.Ordinal); changed.Add("labels"); }
        if (patch.Tags is not null && !patch.Tags.SequenceEqual(Tags)) { Tags = patch.Tags.ToList(); changed.Add("tags"); }
        if (patch.Meta is not null && !JsonNode.DeepEquals(patch.Meta, Meta)) { Meta = (JsonObject)patch.Meta.DeepClone(); changed.Add("meta"); }
        if (changed.Count == 0) return null;
        UpdatedAt = now;
        return Entry(TimelineTypes.Updated, now, by, "Updated " + string.Join(", ", changed),
            new Dictionary<string, string> { ["changed"] = string.Join(',', changed) });
    }

    /// <summary>Marks a change made outside the transition methods (escalation steps, assignment, responders).</summary>
    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    public TimelineEntry Comment(string text, Actor by, DateTimeOffset now)
    {
        UpdatedAt = now;
        return Entry(TimelineTypes.Comment, now, by, text, null);
    }

    private TimelineEntry Entry(string type, DateTimeOffset at, Actor by, string text, IReadOnlyDictionary<string, string>? vars) =>
        new(0, Id, type, at, by, text, vars);

    private static bool DictEquals(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
