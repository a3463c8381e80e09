using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.Genesys;

/// <summary>
/// Genesys Cloud <c>InteractionStatsRule</c>, request and response. Enum fields are strings so that an unknown value is
/// reported by <see cref="GenesysMapping"/> naming the field and the allowed values, not as a generic JSON error.
/// </summary>
/// <remarks>
/// Request, <c>POST /api/v2/alerting/interactionstats/rules</c> (reference §9):
/// <code>{"name":"Queue A abandon > 30s","dimension":"queueId","dimensionValue":"&lt;queue-uuid&gt;",
///  "metric":"tAbandon","mediaType":"voice","numericRange":"gt","statistic":"max","value":30000,
///  "enabled":true,"notificationUsers":[{"id":"&lt;user-uuid&gt;"}],"alertTypes":["EMAIL","DEVICE"]}</code>
/// Response adds <c>"id"</c>, <c>"inAlarm":false</c> and <c>"selfUri":"/api/v2/alerting/interactionstats/rules/&lt;rule-uuid&gt;"</c>
/// (here prefixed with <c>/compat/genesys</c> so that it resolves against this server).
/// </remarks>
internal sealed record GenesysRule
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("dimension")] public string? Dimension { get; init; }
    [JsonPropertyName("dimensionValue")] public string? DimensionValue { get; init; }
    [JsonPropertyName("metric")] public string? Metric { get; init; }
    [JsonPropertyName("mediaType")] public string? MediaType { get; init; }
    [JsonPropertyName("numericRange")] public string? NumericRange { get; init; }
    [JsonPropertyName("statistic")] public string? Statistic { get; init; }
    [JsonPropertyName("value")] public double? Value { get; init; }
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    [JsonPropertyName("inAlarm")] public bool? InAlarm { get; init; }
    [JsonPropertyName("notificationUsers")] public List<GenesysUser?>? NotificationUsers { get; init; }
    [JsonPropertyName("alertTypes")] public List<string?>? AlertTypes { get; init; }
    [JsonPropertyName("selfUri")] public string? SelfUri { get; init; }
}

/// <summary>
/// Genesys Cloud <c>InteractionStatsAlert</c>: one firing of a rule, with the rule's fields copied in.
/// </summary>
/// <remarks>
/// <code>{"id":"&lt;alert-uuid&gt;","name":"Queue A abandon > 30s","dimension":"queueId","dimensionValue":"&lt;queue-uuid&gt;",
///  "metric":"tAbandon","mediaType":"voice","numericRange":"gt","statistic":"max","value":30000.0,"ruleId":"&lt;rule-uuid&gt;",
///  "unread":true,"startDate":"2024-05-01T10:15:00.000Z","notificationUsers":[{"id":"&lt;user-uuid&gt;","selfUri":"/api/v2/users/&lt;user-uuid&gt;"}],
///  "alertTypes":["EMAIL"],"ruleUri":"/api/v2/alerting/interactionstats/rules/&lt;rule-uuid&gt;",
///  "selfUri":"/api/v2/alerting/interactionstats/alerts/&lt;alert-uuid&gt;"}</code>
/// </remarks>
internal sealed record GenesysAlert
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("dimension")] public required string Dimension { get; init; }
    [JsonPropertyName("dimensionValue")] public required string DimensionValue { get; init; }
    [JsonPropertyName("metric")] public required string Metric { get; init; }
    [JsonPropertyName("mediaType")] public required string MediaType { get; init; }
    [JsonPropertyName("numericRange")] public required string NumericRange { get; init; }
    [JsonPropertyName("statistic")] public required string Statistic { get; init; }
    [JsonPropertyName("value")] public required double Value { get; init; }
    [JsonPropertyName("ruleId")] public required string RuleId { get; init; }
    [JsonPropertyName("unread")] public required bool Unread { get; init; }
    [JsonPropertyName("startDate")] public required string StartDate { get; init; }
    [JsonPropertyName("endDate")] public string? EndDate { get; init; }
    [JsonPropertyName("notificationUsers")] public required List<GenesysUser> NotificationUsers { get; init; }
    [JsonPropertyName("alertTypes")] public required List<string> AlertTypes { get; init; }
    [JsonPropertyName("ruleUri")] public required string RuleUri { get; init; }
    [JsonPropertyName("selfUri")] public required string SelfUri { get; init; }
}

/// <summary>
/// A Genesys <c>User</c>. Requests carry only <c>{"id":"&lt;user-uuid&gt;"}</c>; responses a reference
/// <c>{"id","selfUri"}</c>, or with <c>expand=notificationUsers</c> the fuller object
/// <c>{"id","name","email","primaryContactInfo":[{"address","mediaType":"EMAIL","type":"PRIMARY"}],"state":"active","version":1,"selfUri"}</c>.
/// </summary>
internal sealed record GenesysUser
{
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("email")] public string? Email { get; init; }
    [JsonPropertyName("primaryContactInfo")] public List<GenesysContact>? PrimaryContactInfo { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("version")] public int? Version { get; init; }
    [JsonPropertyName("selfUri")] public string? SelfUri { get; init; }
}

internal sealed record GenesysContact(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("mediaType")] string MediaType,
    [property: JsonPropertyName("type")] string Type);

/// <summary>
/// The standard Genesys entity listing (<c>InteractionStatsRuleContainer</c>, <c>InteractionStatsAlertContainer</c>):
/// <c>{"entities":[...],"pageSize":25,"pageNumber":1,"total":1,"pageCount":1,"firstUri":"...?pageSize=25&amp;pageNumber=1",
/// "lastUri":"...","selfUri":"..."}</c>; <c>nextUri</c>/<c>previousUri</c> are left out when there is no such page.
/// </summary>
internal sealed record GenesysContainer<T>
{
    [JsonPropertyName("entities")] public required List<T> Entities { get; init; }
    [JsonPropertyName("pageSize")] public required int PageSize { get; init; }
    [JsonPropertyName("pageNumber")] public required int PageNumber { get; init; }
    [JsonPropertyName("total")] public required long Total { get; init; }
    [JsonPropertyName("pageCount")] public required int PageCount { get; init; }
    [JsonPropertyName("firstUri")] public required string FirstUri { get; init; }
    [JsonPropertyName("selfUri")] public required string SelfUri { get; init; }
    [JsonPropertyName("nextUri")] public string? NextUri { get; init; }
    [JsonPropertyName("previousUri")] public string? PreviousUri { get; init; }
    [JsonPropertyName("lastUri")] public required string LastUri { get; init; }
}

/// <summary><c>UnreadStatus</c>: the body and the answer of <c>PUT …/alerts/{alertId}</c>, e.g. <c>{"unread":false}</c>.</summary>
internal sealed record GenesysUnreadStatus([property: JsonPropertyName("unread")] bool? Unread);

/// <summary><c>UnreadMetric</c> and <c>ActiveAlertCount</c>: <c>{"count":3}</c>.</summary>
internal sealed record GenesysCount([property: JsonPropertyName("count")] int Count);

/// <summary>
/// Genesys <c>ErrorBody</c>: <c>{"status":404,"code":"not.found","message":"The requested resource was not found.",
/// "contextId":"d11bd3b3-…","details":[],"errors":[]}</c>.
/// </summary>
internal sealed record GenesysError
{
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("code")] public required string Code { get; init; }
    [JsonPropertyName("status")] public required int Status { get; init; }
    [JsonPropertyName("messageWithParams")] public string? MessageWithParams { get; init; }
    [JsonPropertyName("messageParams")] public Dictionary<string, string>? MessageParams { get; init; }
    [JsonPropertyName("contextId")] public required string ContextId { get; init; }
    [JsonPropertyName("details")] public required List<GenesysErrorDetail> Details { get; init; }
    [JsonPropertyName("errors")] public required List<GenesysError> Errors { get; init; }
    // OAuth-style fields, only on /oauth/token failures (the SDKs and gcloudcx read error/description there).
    [JsonPropertyName("error")] public string? OAuthError { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; init; }
}

internal sealed record GenesysErrorDetail(
    [property: JsonPropertyName("errorCode")] string ErrorCode,
    [property: JsonPropertyName("fieldName")] string? FieldName);

/// <summary>Client-credentials answer: <c>{"access_token":"…","token_type":"bearer","expires_in":86399}</c>.</summary>
internal sealed record GenesysToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn);

/// <summary>Native admin API: <c>POST /api/v1/oauth-clients {"name":"wfm-scripts","permissions":["alerts:read","alerts:write"],"userId":3}</c>.</summary>
internal sealed record GenesysOAuthClientRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("permissions")] List<string>? Permissions,
    [property: JsonPropertyName("userId")] long? UserId);

internal sealed record GenesysOAuthClientDto(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("clientId")] string ClientId,
    [property: JsonPropertyName("clientSecret")] string? ClientSecret,
    [property: JsonPropertyName("permissions")] IReadOnlyList<string> Permissions,
    [property: JsonPropertyName("userId")] long? UserId,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("revokedAt")] DateTimeOffset? RevokedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenesysRule))]
[JsonSerializable(typeof(GenesysAlert))]
[JsonSerializable(typeof(GenesysContainer<GenesysRule>))]
[JsonSerializable(typeof(GenesysContainer<GenesysAlert>))]
[JsonSerializable(typeof(GenesysUnreadStatus))]
[JsonSerializable(typeof(GenesysCount))]
[JsonSerializable(typeof(GenesysError))]
[JsonSerializable(typeof(GenesysToken))]
[JsonSerializable(typeof(GenesysOAuthClientRequest))]
[JsonSerializable(typeof(GenesysOAuthClientDto))]
[JsonSerializable(typeof(List<GenesysOAuthClientDto>))]
internal sealed partial class GenesysJson : JsonSerializerContext;
