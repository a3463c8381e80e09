using Tocsin.Core.Alerts;

namespace Tocsin.Core.Escalation;

/// <summary>Timeline entry types written by escalation and people actions; stable strings like <see cref="TimelineTypes"/>.</summary>
public static class EscalationTimeline
{
    public const string Started = "escalation_started";
    public const string Suppressed = "escalation_suppressed";
    public const string Escalated = "escalated";
    public const string Rejected = "rejected";
    public const string Assigned = "assigned";
    public const string Handoff = "handoff";
    public const string ResponderAdded = "responder_added";
    public const string ResponderRemoved = "responder_removed";

    public static TimelineEntry Entry(Alert alert, string type, DateTimeOffset at, Actor by, string text, IReadOnlyDictionary<string, string>? vars = null) =>
        new(0, alert.Id, type, at, by, text, vars);

    /// <summary>Appends an entry on the write session and reports the change to commit listeners.</summary>
    public static async ValueTask AppendAsync(WriteContext w, Alert alert, TimelineEntry entry, CancellationToken ct)
    {
        entry = entry with { AlertId = alert.Id };
        await w.Session.AppendTimelineAsync(alert.TenantId, entry, ct);
        w.Changed(alert, entry);
    }
}
