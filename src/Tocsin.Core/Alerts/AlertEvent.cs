namespace Tocsin.Core.Alerts;

public enum EventAction { Trigger, Acknowledge, Resolve }

/// <summary>One signal from an integration: trigger (create or repeat by dedup key), acknowledge or resolve by dedup key.</summary>
public sealed record AlertEvent(EventAction Action, string? DedupKey, NewAlert? Alert, string? EventId = null);

public enum IngestOutcome { Created, Updated, Acknowledged, Resolved, Unchanged, NotFound }

public sealed record IngestResult(long? AlertId, IngestOutcome Outcome, string? DedupKey);

public static class IngestOutcomeNames
{
    public static string ToWire(this IngestOutcome o) => o switch
    {
        IngestOutcome.Created => "created",
        IngestOutcome.Updated => "updated",
        IngestOutcome.Acknowledged => "acknowledged",
        IngestOutcome.Resolved => "resolved",
        IngestOutcome.Unchanged => "unchanged",
        _ => "not_found",
    };

    public static IngestOutcome Parse(string s) => s switch
    {
        "created" => IngestOutcome.Created,
        "updated" => IngestOutcome.Updated,
        "acknowledged" => IngestOutcome.Acknowledged,
        "resolved" => IngestOutcome.Resolved,
        "unchanged" => IngestOutcome.Unchanged,
        _ => IngestOutcome.NotFound,
    };
}
