using System.Text.Json.Nodes;

namespace Tocsin.Core.Alerts;

/// <summary>What a trigger carries, from any API. <see cref="PriorityGiven"/> keeps a repeat without a priority from resetting it.</summary>
public sealed record NewAlert
{
    public required string Title { get; init; }
    public string? Details { get; init; }
    public string? Source { get; init; }
    public long? SourceId { get; init; }
    public string? DedupKey { get; init; }
    public Priority Priority { get; init; } = Priority.High;
    public bool PriorityGiven { get; init; }
    public int? Severity { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyList<AlertLink>? Links { get; init; }
    public IReadOnlyList<AlertImage>? Images { get; init; }
    public JsonObject? Meta { get; init; }
    public long? ParentId { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    /// <summary>Channels and users the trigger's own source (a metric rule) notifies, besides escalation.</summary>
    public Notifications.AlertNotify? Notify { get; init; }
}

/// <summary>An edit through the API; null fields are left alone.</summary>
public sealed record AlertPatch(
    string? Title = null,
    string? Details = null,
    Priority? Priority = null,
    int? Severity = null,
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyList<string>? Tags = null,
    JsonObject? Meta = null);
