using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.Ilert;

// Wire shapes of ilert's REST API v1 (OpenAPI v2.2026.3-r.4, ../shared/reference/specs/ilert-openapi.json).
// Every property is named explicitly; nulls are left out on write, as ilert omits unset fields.

/// <summary>ilert's error body: <c>{"status":404,"message":"Alert not found","code":"NOT_FOUND"}</c>.</summary>
internal sealed record IlertError(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("code")] string Code);

/// <summary>SimpleIdField64 — how requests reference another entity: <c>{"id":1}</c>.</summary>
internal sealed record IlertIdRef([property: JsonPropertyName("id")] long? Id);

internal sealed record IlertTeamRel(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string? Name);

internal sealed record IlertUserRel(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("firstName")] string? FirstName = null,
    [property: JsonPropertyName("lastName")] string? LastName = null);

internal sealed record IlertScheduleRel(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("name")] string? Name = null,
    [property: JsonPropertyName("type")] string? Type = null);

/// <summary><c>{"escalationTimeout":15,"users":[{"id":1}],"schedules":[{"id":2}]}</c>; <c>user</c>/<c>schedule</c> are ilert's deprecated single refs.</summary>
internal sealed record IlertEscalationRule(
    [property: JsonPropertyName("escalationTimeout")] int? EscalationTimeout,
    [property: JsonPropertyName("user")] IlertIdRef? User,
    [property: JsonPropertyName("schedule")] IlertIdRef? Schedule,
    [property: JsonPropertyName("users")] List<IlertUserRel>? Users,
    [property: JsonPropertyName("schedules")] List<IlertScheduleRel>? Schedules,
    [property: JsonPropertyName("teams")] List<IlertTeamRel>? Teams);

/// <summary>
/// <code>{"id":1,"name":"Default","escalationRules":[{"escalationTimeout":1,"users":[{"id":1}]}],"teams":[],
///  "repeating":false,"frequency":1,"delayMin":0,"routingKey":"text"}</code>
/// </summary>
internal sealed record IlertEscalationPolicy(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("escalationRules")] List<IlertEscalationRule>? EscalationRules,
    [property: JsonPropertyName("teams")] List<IlertTeamRel>? Teams,
    [property: JsonPropertyName("repeating")] bool? Repeating,
    [property: JsonPropertyName("frequency")] int? Frequency,
    [property: JsonPropertyName("delayMin")] int? DelayMin,
    [property: JsonPropertyName("routingKey")] string? RoutingKey);

internal sealed record IlertSupportDay(
    [property: JsonPropertyName("start")] string? Start,
    [property: JsonPropertyName("end")] string? End);

/// <summary><code>{"id":1,"name":"text","timezone":"Europe/Berlin","supportDays":{"MONDAY":{"start":"10:34:03","end":"10:34:03"}}}</code></summary>
internal sealed record IlertSupportHours(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("timezone")] string? Timezone,
    [property: JsonPropertyName("supportDays")] Dictionary<string, IlertSupportDay>? SupportDays);

/// <summary>
/// <code>{"id":1,"name":"text","escalationPolicy":{...},"integrationType":"NAGIOS","integrationKey":"text","integrationUrl":"text",
///  "autoResolutionTimeout":"text","alertGroupingWindow":"text","alertCreation":"ONE_ALERT_PER_EMAIL","status":"PENDING","active":true,
///  "alertPriorityRule":"HIGH","supportHours":{...},"bidirectional":true, ...templates}</code>; newer ilert adds <c>"scoreThreshold":0.75</c>
/// for <c>INTELLIGENT_GROUPING</c>.
/// </summary>
internal sealed record IlertAlertSource(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("teams")] List<IlertTeamRel>? Teams,
    [property: JsonPropertyName("escalationPolicy")] IlertEscalationPolicy? EscalationPolicy,
    [property: JsonPropertyName("integrationType")] string? IntegrationType,
    [property: JsonPropertyName("integrationKey")] string? IntegrationKey,
    [property: JsonPropertyName("integrationUrl")] string? IntegrationUrl,
    [property: JsonPropertyName("autoResolutionTimeout")] string? AutoResolutionTimeout,
    [property: JsonPropertyName("alertGroupingWindow")] string? AlertGroupingWindow,
    [property: JsonPropertyName("alertCreation")] string? AlertCreation,
    [property: JsonPropertyName("active")] bool? Active,
    [property: JsonPropertyName("alertPriorityRule")] string? AlertPriorityRule,
    [property: JsonPropertyName("supportHours")] IlertSupportHours? SupportHours,
    [property: JsonPropertyName("bidirectional")] bool? Bidirectional,
    [property: JsonPropertyName("scoreThreshold")] double? ScoreThreshold = null);

/// <summary>
/// <code>{"id":1,"firstName":"text","lastName":"text","email":"text","timezone":"Europe/Berlin","position":"text","department":"text",
///  "avatarUrl":"text","language":"de","region":"DE","role":"STAKEHOLDER","shiftColor":"text","mutedUntil":"...","createdAt":"...","updatedAt":"..."}</code>
/// </summary>
internal sealed record IlertUser(
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("firstName")] string? FirstName,
    [property: JsonPropertyName("lastName")] string? LastName,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("timezone")] string? Timezone,
    [property: JsonPropertyName("language")] string? Language,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("position")] string? Position = null,
    [property: JsonPropertyName("department")] string? Department = null);

internal sealed record IlertImage(
    [property: JsonPropertyName("src")] string? Src,
    [property: JsonPropertyName("href")] string? Href,
    [property: JsonPropertyName("alt")] string? Alt);

internal sealed record IlertLink(
    [property: JsonPropertyName("href")] string? Href,
    [property: JsonPropertyName("text")] string? Text);

/// <summary><code>{"user":{"id":1,"firstName":"text","lastName":"text"},"status":"PENDING","acceptedAt":"2025-07-08T10:34:03.807Z"}</code></summary>
internal sealed record IlertResponder(
    [property: JsonPropertyName("user")] IlertUserRel? User,
    [property: JsonPropertyName("status")] string? Status = null,
    [property: JsonPropertyName("acceptedAt")] DateTimeOffset? AcceptedAt = null);

/// <summary>The alert object of <c>GET /api/alerts/{id}</c>; see the seed for the full example.</summary>
internal sealed record IlertAlert(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("details")] string? Details,
    [property: JsonPropertyName("reportTime")] DateTimeOffset ReportTime,
    [property: JsonPropertyName("resolvedOn")] DateTimeOffset? ResolvedOn,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("alertSource")] IlertAlertSource? AlertSource,
    [property: JsonPropertyName("escalationPolicy")] IlertEscalationPolicy? EscalationPolicy,
    [property: JsonPropertyName("priority")] string Priority,
    [property: JsonPropertyName("alertKey")] string? AlertKey,
    [property: JsonPropertyName("assignedTo")] IlertIdRef? AssignedTo,
    [property: JsonPropertyName("nextEscalation")] DateTimeOffset? NextEscalation,
    [property: JsonPropertyName("escalationRules")] List<IlertEscalationRule>? EscalationRules,
    [property: JsonPropertyName("nextEscalationUser")] IlertUser? NextEscalationUser,
    [property: JsonPropertyName("nextEscalationRuleIndex")] int? NextEscalationRuleIndex,
    [property: JsonPropertyName("images")] List<IlertImage> Images,
    [property: JsonPropertyName("links")] List<IlertLink> Links,
    [property: JsonPropertyName("responders")] List<IlertResponder> Responders,
    [property: JsonPropertyName("customDetails")] JsonObject? CustomDetails);

/// <summary>
/// ManualAlert, the body of <c>POST /api/alerts</c>:
/// <code>{"summary":"Disk full on db-1","details":"/var at 98%","alertSource":{"id":1243},"escalationPolicy":{"id":1},"priority":"HIGH",
///  "assignedTo":{"id":1},"images":[{"src":"text","href":"text","alt":"text"}],"links":[{"href":"text","text":"text"}],"responders":[{"user":{"id":42}}]}</code>
/// </summary>
internal sealed record IlertManualAlert(
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("details")] string? Details,
    [property: JsonPropertyName("alertSource")] IlertIdRef? AlertSource,
    [property: JsonPropertyName("escalationPolicy")] IlertIdRef? EscalationPolicy,
    [property: JsonPropertyName("priority")] string? Priority,
    [property: JsonPropertyName("assignedTo")] IlertIdRef? AssignedTo,
    [property: JsonPropertyName("images")] List<IlertImage>? Images,
    [property: JsonPropertyName("links")] List<IlertLink>? Links,
    [property: JsonPropertyName("responders")] List<IlertResponder>? Responders);

internal sealed record IlertComment(
    [property: JsonPropertyName("creator")] string? Creator,
    [property: JsonPropertyName("content")] string? Content);

/// <summary>
/// Events API body (<c>POST /api/events</c>); <c>apiKey</c> and <c>incidentKey</c> are the legacy names official clients still send:
/// <code>{"integrationKey":"edf0235f-a720-458e-a7fd-6b001042a4f4","eventType":"ALERT","alertKey":"srv/mail01",
///  "summary":"Host srv/mail01 is CRITICAL","priority":"HIGH","customDetails":{"env":"prod"}}</code>
/// </summary>
internal sealed record IlertEvent(
    [property: JsonPropertyName("integrationKey")] string? IntegrationKey,
    [property: JsonPropertyName("apiKey")] string? ApiKey,
    [property: JsonPropertyName("eventType")] string? EventType,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("details")] string? Details,
    [property: JsonPropertyName("alertKey")] string? AlertKey,
    [property: JsonPropertyName("incidentKey")] string? IncidentKey,
    [property: JsonPropertyName("priority")] string? Priority,
    [property: JsonPropertyName("images")] List<IlertImage>? Images,
    [property: JsonPropertyName("links")] List<IlertLink>? Links,
    [property: JsonPropertyName("comments")] List<IlertComment>? Comments,
    [property: JsonPropertyName("labels")] Dictionary<string, string>? Labels,
    [property: JsonPropertyName("customDetails")] JsonObject? CustomDetails,
    [property: JsonPropertyName("routingKey")] string? RoutingKey);

/// <summary>What ilert-go decodes from a 202: <c>{"alertKey":"srv/mail01","alertUrl":"...","responseCode":"NEW_INCIDENT_CREATED"}</c>.</summary>
internal sealed record IlertEventAccepted(
    [property: JsonPropertyName("alertKey")] string? AlertKey,
    [property: JsonPropertyName("alertUrl")] string? AlertUrl,
    [property: JsonPropertyName("responseCode")] string ResponseCode);

internal sealed record IlertCount([property: JsonPropertyName("count")] long Count);

/// <summary><code>{"group":"SUGGESTED","id":1,"name":"text","disabled":true}</code></summary>
internal sealed record IlertSuggestedResponder(
    [property: JsonPropertyName("group")] string Group,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("disabled")] bool Disabled);

/// <summary>Notification users spell their names in lower case: <c>{"id":1,"firstname":"text","lastname":"text"}</c>.</summary>
internal sealed record IlertNotificationUser(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("firstname")] string? Firstname,
    [property: JsonPropertyName("lastname")] string? Lastname);

/// <summary><code>{"id":1,"method":"PUSH","target":"text","subject":"text","alertId":1,"user":{...},"notificationTime":"...","status":"SCHEDULED","errorMessage":"text"}</code></summary>
internal sealed record IlertNotification(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("target")] string? Target,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("alertId")] long AlertId,
    [property: JsonPropertyName("user")] IlertNotificationUser? User,
    [property: JsonPropertyName("notificationTime")] DateTimeOffset NotificationTime,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("errorMessage")] string? ErrorMessage);

/// <summary><code>{"id":1,"timestamp":"...","logEntryType":"AlertReceivedLogEntry","text":"text","alertId":1,"filterTypes":["ALERT_SOURCE_EVENTS"],"vars":{"k":"v"}}</code></summary>
internal sealed record IlertLogEntry(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("logEntryType")] string LogEntryType,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("alertId")] long AlertId,
    [property: JsonPropertyName("filterTypes")] List<string> FilterTypes,
    [property: JsonPropertyName("vars")] IReadOnlyDictionary<string, string>? Vars);

internal sealed record IlertShift(
    [property: JsonPropertyName("user")] IlertUserRel User,
    [property: JsonPropertyName("start")] DateTimeOffset Start,
    [property: JsonPropertyName("end")] DateTimeOffset End);

internal sealed record IlertScheduleLayer(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("startsOn")] DateTimeOffset StartsOn,
    [property: JsonPropertyName("endsOn")] DateTimeOffset? EndsOn,
    [property: JsonPropertyName("users")] List<IlertUserRel> Users,
    [property: JsonPropertyName("rotation")] string Rotation);

/// <summary>Read-only here: <code>{"id":1,"name":"text","timezone":"Europe/Berlin","type":"RECURRING","scheduleLayers":[...],"currentShift":{...},"nextShift":{...}}</code></summary>
internal sealed record IlertSchedule(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("timezone")] string Timezone,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("scheduleLayers")] List<IlertScheduleLayer> ScheduleLayers,
    [property: JsonPropertyName("currentShift")] IlertShift? CurrentShift,
    [property: JsonPropertyName("nextShift")] IlertShift? NextShift);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IlertError))]
[JsonSerializable(typeof(IlertAlert))]
[JsonSerializable(typeof(List<IlertAlert>))]
[JsonSerializable(typeof(IlertManualAlert))]
[JsonSerializable(typeof(IlertEvent))]
[JsonSerializable(typeof(IlertEventAccepted))]
[JsonSerializable(typeof(IlertCount))]
[JsonSerializable(typeof(List<IlertSuggestedResponder>))]
[JsonSerializable(typeof(IlertResponder))]
[JsonSerializable(typeof(List<IlertNotification>))]
[JsonSerializable(typeof(List<IlertLogEntry>))]
[JsonSerializable(typeof(IlertUser))]
[JsonSerializable(typeof(List<IlertUser>))]
[JsonSerializable(typeof(IlertEscalationPolicy))]
[JsonSerializable(typeof(List<IlertEscalationPolicy>))]
[JsonSerializable(typeof(IlertAlertSource))]
[JsonSerializable(typeof(List<IlertAlertSource>))]
[JsonSerializable(typeof(IlertSchedule))]
[JsonSerializable(typeof(List<IlertSchedule>))]
internal sealed partial class IlertJson : JsonSerializerContext;
