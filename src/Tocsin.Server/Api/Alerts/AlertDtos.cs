using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;

namespace Tocsin.Server.Api.Alerts;

/// <summary>An alert as the native API shows it.</summary>
public sealed record AlertDto(
    long Id,
    long Number,
    string Title,
    string? Details,
    string? Source,
    string? DedupKey,
    string Priority,
    int Severity,
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> Tags,
    IReadOnlyList<AlertLink> Links,
    IReadOnlyList<AlertImage> Images,
    JsonObject? Meta,
    int Count,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    DateTimeOffset? ArchivedAt,
    string? ArchivedBy,
    long? AssigneeUserId,
    IReadOnlyList<ResponderDto> Responders,
    long? ParentId)
{
    public static AlertDto From(Alert a) => new(
        a.Id, a.Number, a.Title, a.Details, a.Source, a.DedupKey, a.Priority.ToWire(), a.Severity, a.Status.ToWire(),
        a.Labels, a.Tags, a.Links, a.Images, a.Meta, a.Count, a.FirstSeenAt, a.LastSeenAt, a.CreatedAt, a.UpdatedAt,
        a.AcknowledgedAt, a.AcknowledgedBy?.ToString(), a.ResolvedAt, a.ResolvedBy?.ToString(), a.ArchivedAt, a.ArchivedBy?.ToString(),
        a.AssigneeUserId, a.Responders.Select(ResponderDto.From).ToList(), a.ParentId);
}

public sealed record ResponderDto(long UserId, string Status, DateTimeOffset AddedAt, DateTimeOffset? AcceptedAt)
{
    public static ResponderDto From(Responder r) => new(r.UserId, r.Status.ToString().ToLowerInvariant(), r.AddedAt, r.AcceptedAt);
}

public sealed record TimelineEntryDto(long Id, string Type, DateTimeOffset At, string Actor, string Text, IReadOnlyDictionary<string, string>? Vars)
{
    public static TimelineEntryDto From(TimelineEntry e) => new(e.Id, e.Type, e.At, e.Actor.ToString(), e.Text, e.Vars);
}

/// <summary>A page of a list: <c>nextCursor</c> is absent on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record AlertCountsDto(long Total, IReadOnlyDictionary<string, long> ByStatus);

/// <summary>PATCH body; absent fields stay as they are.</summary>
public sealed record AlertPatchRequest(
    string? Title,
    string? Details,
    string? Priority,
    int? Severity,
    Dictionary<string, string>? Labels,
    List<string>? Tags);

/// <summary>Optional body of acknowledge / resolve / archive.</summary>
public sealed record AlertActionRequest(string? Note);

public sealed record CommentRequest(string? Text);
