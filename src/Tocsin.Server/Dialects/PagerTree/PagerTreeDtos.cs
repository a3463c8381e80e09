using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// Body of <c>POST /alert</c> and <c>PUT /alert/:id</c>: any alert field; read-only ones (id, status, created...) are ignored,
/// so a client may send back an alert object it read.
/// </summary>
/// <remarks>
/// Documented examples (#10 seed): <c>{"title":"Hello World","destination_ids": ["tem_xxxxxxxx"]}</c> and
/// <c>{"description": "Cool, that got updated"}</c>; incident flags as
/// <c>{"meta":{"incident":true,"incident_severity":"SEV-1","incident_message":"Join bridge 1-800-…"}}</c>.
/// </remarks>
internal sealed record PagerTreeAlertRequest(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("destination_ids")] List<string>? DestinationIds,
    [property: JsonPropertyName("urgency")] string? Urgency,
    [property: JsonPropertyName("thirdparty_id")] string? ThirdpartyId,
    [property: JsonPropertyName("parent_id")] string? ParentId,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("subtype")] string? Subtype,
    [property: JsonPropertyName("tags")] List<string>? Tags,
    [property: JsonPropertyName("meta")] JsonObject? Meta,
    [property: JsonPropertyName("additional_data")] List<PagerTreeAdditionalData>? AdditionalData,
    [property: JsonPropertyName("stakeholder_ids")] List<string>? StakeholderIds,
    [property: JsonPropertyName("response_requested")] bool? ResponseRequested,
    [property: JsonPropertyName("responses")] List<string>? Responses);

/// <summary><c>{"type":"text","label":"Subject","value":"Hello this is a subject"}</c>; type is text, link, img, email or email[].</summary>
internal sealed record PagerTreeAdditionalData(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("label")] string? Label,
    [property: JsonPropertyName("value")] string? Value);

/// <summary>Body of <c>POST /alert/:id/handoff</c>: <c>{"to":"tem_xxxxxxxx"}</c>, a user or team id.</summary>
internal sealed record PagerTreeHandoffRequest([property: JsonPropertyName("to")] string? To);

/// <summary>
/// The PagerTree alert object, every field of the seed, always present (null when Tocsin has no value).
/// </summary>
/// <remarks>
/// Seed example (abridged):
/// <code>
/// {"sid":"acc_H1fh_yx6z","id":"alt_HJ3eGW-6M","createdAt":"2018-04-27T00:02:50.419Z","updatedAt":"2018-04-27T00:03:06.098Z",
///  "meta":{"key":"value"},"tinyId":1,"parent_id":"alt_xxxxxxxx","thirdparty_id":"abc-123",
///  "destination_ids":["tem_xxxxxxxxx","usr_yyyyyyyy","rtr_zzzzzzzz"],"title":"CPU usage over 95%",
///  "description":"PROD APP 1 CPU load over 95% for 5 minutes.","type":"alert","subtype":"alert","status":"resolved",
///  "urgency":"critical","d_team_id":"tem_ByxQ3ukgTM","d_user_id":"usr_r1mnuJg6z","s_log_id":"log_xxxxxxxxx",
///  "created":1524859374,"acknowledged":1524859483,"acknowledgedby":"usr_xxxxxxxx","resolved":1524859487,
///  "resolvedby":"usr_xxxxxxxx","archived":1524859488,"archivedby":"usr_xxxxxxxx","livecall":"QU_XXXX",
///  "source_id":"usr_r1mnuJg6z","response_requested":false,"responses":["Yes","No"],
///  "responses_recorded":{"usr_xxxxxxx":{"user_id":"usr_xxxxxxx","value":1,"recorded":1524859488}},
///  "tags":["a","tag"],"additional_data":[{"type":"text","label":"Subject","value":"Hello this is a subject"}],
///  "stakeholder_ids":["stk_xxxxxxxxx"],"handoffs":[{"to":"usr_xxxxxxx","from":"usr_yyyyyyy","time":1524859488,"acknowledged":1524859488}]}
/// </code>
/// </remarks>
internal sealed record PagerTreeAlert
{
    [JsonPropertyName("sid")] public required string Sid { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("createdAt")] public required string CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required string UpdatedAt { get; init; }
    [JsonPropertyName("meta")] public required JsonObject Meta { get; init; }
    [JsonPropertyName("tinyId")] public required long TinyId { get; init; }
    [JsonPropertyName("parent_id")] public string? ParentId { get; init; }
    [JsonPropertyName("thirdparty_id")] public string? ThirdpartyId { get; init; }
    [JsonPropertyName("destination_ids")] public required List<string> DestinationIds { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("subtype")] public required string Subtype { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("urgency")] public required string Urgency { get; init; }
    [JsonPropertyName("d_team_id")] public string? DTeamId { get; init; }
    [JsonPropertyName("d_user_id")] public string? DUserId { get; init; }
    [JsonPropertyName("s_log_id")] public string? SLogId { get; init; }
    [JsonPropertyName("created")] public required long Created { get; init; }
    [JsonPropertyName("acknowledged")] public long? Acknowledged { get; init; }
    [JsonPropertyName("acknowledgedby")] public string? AcknowledgedBy { get; init; }
    [JsonPropertyName("resolved")] public long? Resolved { get; init; }
    [JsonPropertyName("resolvedby")] public string? ResolvedBy { get; init; }
    [JsonPropertyName("archived")] public long? Archived { get; init; }
    [JsonPropertyName("archivedby")] public string? ArchivedBy { get; init; }
    [JsonPropertyName("livecall")] public string? Livecall { get; init; }
    [JsonPropertyName("source_id")] public string? SourceId { get; init; }
    [JsonPropertyName("response_requested")] public required bool ResponseRequested { get; init; }
    [JsonPropertyName("responses")] public required List<string> Responses { get; init; }
    [JsonPropertyName("responses_recorded")] public required Dictionary<string, PagerTreeResponse> ResponsesRecorded { get; init; }
    [JsonPropertyName("tags")] public required List<string> Tags { get; init; }
    [JsonPropertyName("additional_data")] public required List<PagerTreeAdditionalData> AdditionalData { get; init; }
    [JsonPropertyName("stakeholder_ids")] public required List<string> StakeholderIds { get; init; }
    [JsonPropertyName("handoffs")] public required List<PagerTreeHandoff> Handoffs { get; init; }
}

/// <summary>One recorded broadcast answer: <c>{"user_id":"usr_x","value":1,"recorded":1524859488}</c>.</summary>
internal sealed record PagerTreeResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("value")] long Value,
    [property: JsonPropertyName("recorded")] long Recorded);

/// <summary><c>{"to":"usr_x","from":"usr_y","time":1524859488,"acknowledged":1524859488}</c>; acknowledged is null until the new target acknowledges.</summary>
internal sealed record PagerTreeHandoff(
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("time")] long Time,
    [property: JsonPropertyName("acknowledged")] long? Acknowledged);

/// <summary>The paginated list envelope: <c>{"data":[{…},{…}],"has_more":false,"total_count":2}</c>.</summary>
internal sealed record PagerTreeList(
    [property: JsonPropertyName("data")] List<PagerTreeAlert> Data,
    [property: JsonPropertyName("has_more")] bool HasMore,
    [property: JsonPropertyName("total_count")] long TotalCount);

/// <summary>PagerTree's error body: <c>{"errors":[{"message":"'email' is a required parameter"}]}</c>.</summary>
internal sealed record PagerTreeErrorBody([property: JsonPropertyName("errors")] List<PagerTreeErrorMessage> Errors);

internal sealed record PagerTreeErrorMessage([property: JsonPropertyName("message")] string Message);

/// <summary>Nulls are written (the seed shows every field); the wire names come from the attributes above.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PagerTreeAlertRequest))]
[JsonSerializable(typeof(PagerTreeHandoffRequest))]
[JsonSerializable(typeof(PagerTreeAlert))]
[JsonSerializable(typeof(PagerTreeList))]
[JsonSerializable(typeof(PagerTreeErrorBody))]
[JsonSerializable(typeof(List<PagerTreeAdditionalData>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class PagerTreeJson : JsonSerializerContext;
