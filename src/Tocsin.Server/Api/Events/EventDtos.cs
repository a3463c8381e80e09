using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;

namespace Tocsin.Server.Api.Events;

/// <summary>
/// One event of <c>POST /api/v1/events</c>. <c>action</c> defaults to trigger; <c>integrationKey</c> or <c>sourceId</c> addresses an alert source (#3). Example:
/// <code>{"action":"trigger","dedupKey":"disk-full/db1","summary":"Disk full on db1","priority":"critical","source":"nagios","labels":{"host":"db1"}}</code>
/// </summary>
public sealed record EventRequest(
    string? Id,
    string? Action,
    string? DedupKey,
    string? Summary,
    string? Details,
    string? Priority,
    int? Severity,
    string? Source,
    Dictionary<string, string>? Labels,
    List<string>? Tags,
    List<AlertLink>? Links,
    List<AlertImage>? Images,
    JsonObject? Meta,
    DateTimeOffset? OccurredAt,
    string? IntegrationKey = null,
    long? SourceId = null);

/// <summary>202 body: one result per event, in request order.</summary>
public sealed record EventsAccepted(IReadOnlyList<EventResultDto> Results, IReadOnlyList<long> AlertIds);

public sealed record EventResultDto(long? AlertId, string Outcome, string? DedupKey);
