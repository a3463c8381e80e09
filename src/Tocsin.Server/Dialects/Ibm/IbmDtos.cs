using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>Body of <c>POST /api/alerts</c> and <c>PUT /api/alerts/{id}</c>: one alert in the <c>alert</c> envelope.</summary>
/// <remarks>
/// The seed's create example (IBM Cloud Docs "Managing alerts by using the Alerts API"), accepted verbatim:
/// <code>
/// {"alert":{"version":null,"name":"My Alert!","description":null,"teamId":null,"enabled":false,"filter":null,
///  "type":"MANUAL","condition":"avg(timeAvg(uptime)) &lt;= 0","timespan":600000000,"notificationChannelIds":[],
///  "reNotify":false,"reNotifyMinutes":30,"segmentBy":["host.hostName"],"segmentCondition":{"type":"ANY"},"severityLabel":"LOW"}}
/// </code>
/// Fields a client echoes back from a GET (<c>createdOn</c>, <c>autoCreated</c>, <c>groupName</c>, <c>customNotification</c>...)
/// are read where they mean something and otherwise ignored, because Sysdig clients PUT the whole object they got.
/// </remarks>
internal sealed record IbmAlertEnvelope([property: JsonPropertyName("alert")] IbmAlertRequest? Alert);

/// <summary>An alert as a client sends it; every property is optional so that absence can be told from a value.</summary>
internal sealed record IbmAlertRequest
{
    [JsonPropertyName("id")] public long? Id { get; init; }
    [JsonPropertyName("version")] public int? Version { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("teamId")] public long? TeamId { get; init; }
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    [JsonPropertyName("filter")] public string? Filter { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("condition")] public string? Condition { get; init; }
    /// <summary>Microseconds; at least 60,000,000 and a multiple of it.</summary>
    [JsonPropertyName("timespan")] public long? Timespan { get; init; }
    [JsonPropertyName("notificationChannelIds")] public List<long>? NotificationChannelIds { get; init; }
    [JsonPropertyName("reNotify")] public bool? ReNotify { get; init; }
    [JsonPropertyName("reNotifyMinutes")] public int? ReNotifyMinutes { get; init; }
    [JsonPropertyName("segmentBy")] public List<string>? SegmentBy { get; init; }
    [JsonPropertyName("segmentCondition")] public IbmSegmentCondition? SegmentCondition { get; init; }
    /// <summary>Syslog scale 0–7.</summary>
    [JsonPropertyName("severity")] public int? Severity { get; init; }
    [JsonPropertyName("severityLabel")] public string? SeverityLabel { get; init; }
    [JsonPropertyName("rateOfChange")] public bool? RateOfChange { get; init; }
    /// <summary>BASELINE and HOST_COMPARISON: the metrics watched (reference §3).</summary>
    [JsonPropertyName("monitor")] public List<IbmMonitor?>? Monitor { get; init; }
    /// <summary>EVENT: which events are counted (reference §3).</summary>
    [JsonPropertyName("criteria")] public IbmCriteria? Criteria { get; init; }
}

/// <summary>One entry of <c>monitor</c>: <c>{"metric":"cpu.used.percent","stdDevFactor":2.0}</c>.</summary>
internal sealed record IbmMonitor(
    [property: JsonPropertyName("metric")] string? Metric,
    [property: JsonPropertyName("stdDevFactor")] double? StdDevFactor);

/// <summary>EVENT <c>criteria</c>: <c>{"text":"OOM","source":"kubernetes"}</c>.</summary>
internal sealed record IbmCriteria(
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("source")] string? Source);

/// <summary><c>{"type":"ANY"}</c> or <c>{"type":"ALL"}</c>: an object, although the seed's heading says "string" (reference §3).</summary>
internal sealed record IbmSegmentCondition([property: JsonPropertyName("type")] string? Type);

/// <summary>Response of get, create and update.</summary>
/// <remarks>
/// The seed's GET example:
/// <code>
/// {"alert":{"autoCreated":false,"condition":"min(min(dallas_prod)) = 0","createdOn":1551358413000,"enabled":false,"id":23211,
///  "modifiedOn":1551634372000,"name":"Monitoring Uptime Alert","filter":"env in (\"prod\")","notificationChannelIds":[4],
///  "segmentBy":["host.hostname"],"segmentCondition":{"type":"ANY"},"notificationCount":60,"rateOfChange":false,"reNotify":false,
///  "severity":0,"severityLabel":"HIGH","teamId":493,"timespan":60000000,"type":"MANUAL","version":9}}
/// </code>
/// </remarks>
internal sealed record IbmAlertResponse([property: JsonPropertyName("alert")] IbmAlert Alert);

/// <summary>Response of the list: bare alert objects, as the clients read them (reference §2 "List shape").</summary>
internal sealed record IbmAlertList([property: JsonPropertyName("alerts")] IReadOnlyList<IbmAlert> Alerts);

/// <summary>An alert as the server renders it; every documented response field is always present.</summary>
internal sealed record IbmAlert
{
    [JsonPropertyName("id")] public required long Id { get; init; }
    [JsonPropertyName("version")] public required int Version { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    /// <summary>Null when the alert belongs to no team.</summary>
    [JsonPropertyName("teamId")] public long? TeamId { get; init; }
    [JsonPropertyName("enabled")] public required bool Enabled { get; init; }
    /// <summary>Empty string when the scope is everything.</summary>
    [JsonPropertyName("filter")] public required string Filter { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("condition")] public required string Condition { get; init; }
    [JsonPropertyName("timespan")] public required long Timespan { get; init; }
    [JsonPropertyName("notificationChannelIds")] public required IReadOnlyList<long> NotificationChannelIds { get; init; }
    [JsonPropertyName("reNotify")] public required bool ReNotify { get; init; }
    /// <summary>Only while <c>reNotify</c> is true (the seed's GET example has none when it is false).</summary>
    [JsonPropertyName("reNotifyMinutes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? ReNotifyMinutes { get; init; }
    [JsonPropertyName("segmentBy")] public required IReadOnlyList<string> SegmentBy { get; init; }
    [JsonPropertyName("segmentCondition")] public required IbmSegmentCondition SegmentCondition { get; init; }
    [JsonPropertyName("severity")] public required int Severity { get; init; }
    [JsonPropertyName("severityLabel")] public required string SeverityLabel { get; init; }
    [JsonPropertyName("autoCreated")] public required bool AutoCreated { get; init; }
    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("createdOn")] public required long CreatedOn { get; init; }
    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("modifiedOn")] public required long ModifiedOn { get; init; }
    [JsonPropertyName("notificationCount")] public required int NotificationCount { get; init; }
    [JsonPropertyName("rateOfChange")] public required bool RateOfChange { get; init; }
    /// <summary>BASELINE and HOST_COMPARISON only.</summary>
    [JsonPropertyName("monitor"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<IbmMonitor>? Monitor { get; init; }
    /// <summary>EVENT only.</summary>
    [JsonPropertyName("criteria"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IbmCriteria? Criteria { get; init; }
}

/// <summary>The Sysdig API error body (reference §7): <c>{"errors":[{"reason":"validation_error","message":"name is required"}]}</c>.</summary>
internal sealed record IbmErrorBody([property: JsonPropertyName("errors")] IReadOnlyList<IbmError> Errors);

internal sealed record IbmError(
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message);

/// <summary>
/// Spring's default body for 401 and 403, which Sysdig answers and its clients tolerate (reference §7):
/// <c>{"timestamp":1715255725613,"status":401,"error":"Unauthorized","path":"/api/v2/alerts/46667521"}</c>; <c>message</c> says why.
/// </summary>
internal sealed record IbmSpringError(
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("path")] string Path);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IbmAlertEnvelope))]
[JsonSerializable(typeof(IbmAlertResponse))]
[JsonSerializable(typeof(IbmAlertList))]
[JsonSerializable(typeof(IbmErrorBody))]
[JsonSerializable(typeof(IbmSpringError))]
internal sealed partial class IbmJson : JsonSerializerContext;
