using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary><c>POST /user</c>: <c>{"name":"Ann","emails":[{"email":"ann@example.com"}],"phones":[{"phone":"+4930123456"}],"preferences":{"timezone":"Europe/Berlin","locale":"de"},"roles":{"admin":false}}</c>.</summary>
internal sealed record PagerTreeUserRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("emails")] List<PagerTreeEmail>? Emails,
    [property: JsonPropertyName("phones")] List<PagerTreePhone>? Phones,
    [property: JsonPropertyName("preferences")] PagerTreePreferences? Preferences,
    [property: JsonPropertyName("roles")] PagerTreeRoles? Roles);

internal sealed record PagerTreeEmail(
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("verified")] long? Verified = null,
    [property: JsonPropertyName("blocked")] bool Blocked = false);

internal sealed record PagerTreePhone(
    [property: JsonPropertyName("phone")] string? Phone,
    [property: JsonPropertyName("country")] string? Country = null,
    [property: JsonPropertyName("verified")] long? Verified = null,
    [property: JsonPropertyName("blocked")] bool Blocked = false,
    [property: JsonPropertyName("sms_enabled")] bool SmsEnabled = true,
    [property: JsonPropertyName("voice_enabled")] bool VoiceEnabled = true);

internal sealed record PagerTreePreferences(
    [property: JsonPropertyName("timezone")] string? Timezone,
    [property: JsonPropertyName("locale")] string? Locale);

internal sealed record PagerTreeRoles(
    [property: JsonPropertyName("admin")] bool? Admin,
    [property: JsonPropertyName("broadcast")] bool? Broadcast = null,
    [property: JsonPropertyName("admin_billing")] bool? AdminBilling = null);

/// <summary>The User object of PagerTree's OpenAPI (Base + UserBase + User), minus password and slack.</summary>
internal sealed record PagerTreeUser
{
    [JsonPropertyName("sid")] public required string Sid { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("meta")] public required JsonObject Meta { get; init; }
    [JsonPropertyName("tinyId")] public required long TinyId { get; init; }
    [JsonPropertyName("createdAt")] public string? CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public string? UpdatedAt { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("emails")] public required List<PagerTreeEmail> Emails { get; init; }
    [JsonPropertyName("avatar")] public string? Avatar { get; init; }
    [JsonPropertyName("phones")] public required List<PagerTreePhone> Phones { get; init; }
    [JsonPropertyName("router_id")] public string? RouterId { get; init; }
    [JsonPropertyName("preferences")] public required PagerTreePreferences Preferences { get; init; }
    [JsonPropertyName("roles")] public required PagerTreeRoles Roles { get; init; }
}

/// <summary><c>POST /team</c>: <c>{"name":"Ops","admin_ids":["usr_1"],"member_user_ids":["usr_1","usr_2"]}</c>.</summary>
internal sealed record PagerTreeTeamRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("admin_ids")] List<string>? AdminIds,
    [property: JsonPropertyName("member_user_ids")] List<string>? MemberUserIds);

/// <summary>The Team object of PagerTree's OpenAPI (Base + TeamBase + Team).</summary>
internal sealed record PagerTreeTeam
{
    [JsonPropertyName("sid")] public required string Sid { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("meta")] public required JsonObject Meta { get; init; }
    [JsonPropertyName("tinyId")] public required long TinyId { get; init; }
    [JsonPropertyName("createdAt")] public string? CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public string? UpdatedAt { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("admin_ids")] public required List<string> AdminIds { get; init; }
    [JsonPropertyName("member_user_ids")] public required List<string> MemberUserIds { get; init; }
    [JsonPropertyName("router_id")] public string? RouterId { get; init; }
    [JsonPropertyName("schedule_id")] public string? ScheduleId { get; init; }
    [JsonPropertyName("stakeholder_ids")] public required List<string> StakeholderIds { get; init; }
}

/// <summary>One entry of <c>/team/:id/current-oncall</c>: PagerTree's Event (Base + EventBase), for the current shift.</summary>
internal sealed record PagerTreeEvent
{
    [JsonPropertyName("sid")] public required string Sid { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("meta")] public required JsonObject Meta { get; init; }
    [JsonPropertyName("tinyId")] public required long TinyId { get; init; }
    [JsonPropertyName("createdAt")] public string? CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public string? UpdatedAt { get; init; }
    [JsonPropertyName("schedule_id")] public string? ScheduleId { get; init; }
    [JsonPropertyName("attendees")] public required List<string> Attendees { get; init; }
    [JsonPropertyName("layer")] public required long Layer { get; init; }
    [JsonPropertyName("start")] public required long Start { get; init; }
    [JsonPropertyName("end")] public long? End { get; init; }
    [JsonPropertyName("repeat")] public required bool Repeat { get; init; }
    [JsonPropertyName("timezone")] public string? Timezone { get; init; }
}

/// <summary>
/// <c>POST /router</c>: <c>rules</c> is PagerTree's rules document as a string (JSON, i.e. YAML flow style) or as JSON directly:
/// <c>[{"match":{"alert.urgency":{"$in":["high","critical"]}},"actions":[{"type":"assign","receiver":"tem_1"}]}]</c>.
/// </summary>
internal sealed record PagerTreeRouterRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("enabled")] bool? Enabled,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("default_receiver")] string? DefaultReceiver,
    [property: JsonPropertyName("rules")] JsonNode? Rules);

/// <summary>The Router object (Base + RouterBase); <c>rules</c> is a string as in PagerTree's OpenAPI.</summary>
internal sealed record PagerTreeRouter
{
    [JsonPropertyName("sid")] public required string Sid { get; init; }
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("meta")] public required JsonObject Meta { get; init; }
    [JsonPropertyName("tinyId")] public required long TinyId { get; init; }
    [JsonPropertyName("createdAt")] public required string CreatedAt { get; init; }
    [JsonPropertyName("updatedAt")] public required string UpdatedAt { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("enabled")] public required bool Enabled { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("default_receiver")] public string? DefaultReceiver { get; init; }
    [JsonPropertyName("rules")] public required string Rules { get; init; }
}

internal sealed record PagerTreePage<T>(
    [property: JsonPropertyName("data")] List<T> Data,
    [property: JsonPropertyName("has_more")] bool HasMore,
    [property: JsonPropertyName("total_count")] long TotalCount);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PagerTreeUserRequest))]
[JsonSerializable(typeof(PagerTreeUser))]
[JsonSerializable(typeof(PagerTreePage<PagerTreeUser>))]
[JsonSerializable(typeof(PagerTreeTeamRequest))]
[JsonSerializable(typeof(PagerTreeTeam))]
[JsonSerializable(typeof(PagerTreePage<PagerTreeTeam>))]
[JsonSerializable(typeof(List<PagerTreeEvent>))]
[JsonSerializable(typeof(PagerTreeRouterRequest))]
[JsonSerializable(typeof(PagerTreeRouter))]
[JsonSerializable(typeof(PagerTreePage<PagerTreeRouter>))]
internal sealed partial class PagerTreeDirectoryJson : JsonSerializerContext;
