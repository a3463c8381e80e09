using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>Body of InsightsRules create and update (POST); the seed documents the same required fields for both.</summary>
/// <remarks>
/// Seed request example, accepted verbatim (note <c>task_channel_sid</c> is the literal "string" there):
/// <code>
/// {"rule_friendly_name":"Waiting tasks now rule","metric_id":"Active (Now)","task_channel_sid":"string",
///  "task_queue_sids":["WQ00000000000000000000000000000001"],"active":true,
///  "rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":5000}],
///  "notify_enabled":true,"notify_severity":"Critical","notify_duration":900000,
///  "notify_methods_id":"flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8"}
/// </code>
/// </remarks>
internal sealed record TwilioRuleRequest(
    [property: JsonPropertyName("rule_friendly_name")] string? RuleFriendlyName,
    [property: JsonPropertyName("metric_id")] string? MetricId,
    [property: JsonPropertyName("task_channel_sid")] string? TaskChannelSid,
    [property: JsonPropertyName("task_queue_sids")] List<string?>? TaskQueueSids,
    [property: JsonPropertyName("active")] bool? Active,
    [property: JsonPropertyName("rule_thresholds")] List<TwilioThreshold?>? RuleThresholds,
    [property: JsonPropertyName("notify_enabled")] bool? NotifyEnabled,
    [property: JsonPropertyName("notify_severity")] string? NotifySeverity,
    [property: JsonPropertyName("notify_duration")] long? NotifyDuration,
    [property: JsonPropertyName("notify_methods_id")] string? NotifyMethodsId);

/// <summary><c>{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":5000}</c></summary>
internal sealed record TwilioThreshold(
    [property: JsonPropertyName("threshold_type")] string? ThresholdType,
    [property: JsonPropertyName("threshold_operator")] string? ThresholdOperator,
    [property: JsonPropertyName("threshold_value")] long? ThresholdValue);

/// <summary>The vendor fields kept beside the core rule (table <c>twilio_rules</c>), already validated.</summary>
internal sealed record TwilioRuleBody(
    [property: JsonPropertyName("metric_id")] string MetricId,
    [property: JsonPropertyName("task_channel_sid")] string TaskChannelSid,
    [property: JsonPropertyName("task_queue_sids")] IReadOnlyList<string> TaskQueueSids,
    [property: JsonPropertyName("rule_thresholds")] IReadOnlyList<TwilioThreshold> RuleThresholds,
    [property: JsonPropertyName("notify_enabled")] bool NotifyEnabled,
    [property: JsonPropertyName("notify_severity")] string NotifySeverity,
    [property: JsonPropertyName("notify_duration")] long NotifyDuration,
    [property: JsonPropertyName("notify_methods_id")] string? NotifyMethodsId);

/// <summary>An InsightsRule as the seed's response schema names it.</summary>
/// <remarks>
/// Seed response example:
/// <code>
/// {"account_sid":"ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","instance_sid":"GOaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
///  "sid":"QYaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","rule_friendly_name":"Waiting tasks now rule","metric_id":"Active (Now)",
///  "task_channel_sid":"TCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","task_queue_sids":["WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],"active":true,
///  "rule_thresholds":[{"threshold_type":"Critical","threshold_operator":"Greater Than","threshold_value":5000}],
///  "date_created":"2019-08-24T14:15:22Z","date_updated":"2019-08-24T14:15:22Z","notify_enabled":true,
///  "notify_severity":"Critical","notify_duration":900000,
///  "notify_methods_id":"flex_notificationconfiguration_01jt2gntpafkt9671avqj50sq8",
///  "url":"https://flex-api.twilio.com/v1/Instances/{instanceSid}/InsightsRules/{sid}"}
/// </code>
/// </remarks>
internal sealed record TwilioRule(
    [property: JsonPropertyName("account_sid")] string AccountSid,
    [property: JsonPropertyName("instance_sid")] string InstanceSid,
    [property: JsonPropertyName("sid")] string Sid,
    [property: JsonPropertyName("rule_friendly_name")] string RuleFriendlyName,
    [property: JsonPropertyName("metric_id")] string MetricId,
    [property: JsonPropertyName("task_channel_sid")] string TaskChannelSid,
    [property: JsonPropertyName("task_queue_sids")] IReadOnlyList<string> TaskQueueSids,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("rule_thresholds")] IReadOnlyList<TwilioThreshold> RuleThresholds,
    [property: JsonPropertyName("date_created")] string DateCreated,
    [property: JsonPropertyName("date_updated")] string DateUpdated,
    [property: JsonPropertyName("notify_enabled")] bool NotifyEnabled,
    [property: JsonPropertyName("notify_severity")] string NotifySeverity,
    [property: JsonPropertyName("notify_duration")] long NotifyDuration,
    [property: JsonPropertyName("notify_methods_id")] string? NotifyMethodsId,
    [property: JsonPropertyName("url")] string Url);

/// <summary>Twilio's next-gen list envelope; every key is always written (twilio-csharp reads them unconditionally).</summary>
internal sealed record TwilioMeta(
    [property: JsonPropertyName("page")] int Page,
    [property: JsonPropertyName("page_size")] int PageSize,
    [property: JsonPropertyName("first_page_url")] string FirstPageUrl,
    [property: JsonPropertyName("previous_page_url")] string? PreviousPageUrl,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("next_page_url")] string? NextPageUrl,
    [property: JsonPropertyName("key")] string Key);

internal sealed record TwilioRulePage(
    [property: JsonPropertyName("meta")] TwilioMeta Meta,
    [property: JsonPropertyName("rules")] IReadOnlyList<TwilioRule> Rules);

/// <summary>
/// Notification configuration create/edit body (reconstructed from the seed's create steps and the start of the
/// notifications page): <code>{"destinations":{"in_app":{"recipients":{"user_sids":["US…"]}},"webhook":{"endpoints":["https://…"]},
/// "email":{"email_recipients":["a@b.c"]},"subscriptions":{"defaults":{"archive":true,"enabled":true}}}}</code>
/// </summary>
internal sealed record TwilioConfigRequest(
    [property: JsonPropertyName("destinations")] TwilioDestinations? Destinations);

internal sealed record TwilioDestinations(
    [property: JsonPropertyName("in_app")] TwilioInApp? InApp,
    [property: JsonPropertyName("webhook")] TwilioWebhook? Webhook,
    [property: JsonPropertyName("email")] TwilioEmail? Email,
    [property: JsonPropertyName("subscriptions")] TwilioSubscriptions? Subscriptions);

internal sealed record TwilioInApp([property: JsonPropertyName("recipients")] TwilioRecipients? Recipients);

internal sealed record TwilioRecipients([property: JsonPropertyName("user_sids")] List<string?>? UserSids);

internal sealed record TwilioWebhook([property: JsonPropertyName("endpoints")] List<string?>? Endpoints);

internal sealed record TwilioEmail([property: JsonPropertyName("email_recipients")] List<string?>? EmailRecipients);

internal sealed record TwilioSubscriptions([property: JsonPropertyName("defaults")] TwilioSubscriptionDefaults? Defaults);

internal sealed record TwilioSubscriptionDefaults(
    [property: JsonPropertyName("archive")] bool? Archive,
    [property: JsonPropertyName("enabled")] bool? Enabled);

/// <summary>A notification configuration; <c>ttid</c> is what a rule's <c>notify_methods_id</c> references.</summary>
internal sealed record TwilioConfig(
    [property: JsonPropertyName("ttid")] string Ttid,
    [property: JsonPropertyName("account_sid")] string AccountSid,
    [property: JsonPropertyName("instance_sid")] string InstanceSid,
    [property: JsonPropertyName("destinations")] TwilioDestinations Destinations,
    [property: JsonPropertyName("date_created")] string DateCreated,
    [property: JsonPropertyName("date_updated")] string DateUpdated,
    [property: JsonPropertyName("url")] string Url);

internal sealed record TwilioConfigPage(
    [property: JsonPropertyName("meta")] TwilioMeta Meta,
    [property: JsonPropertyName("notification_configurations")] IReadOnlyList<TwilioConfig> NotificationConfigurations);

/// <summary>Twilio's error body: <c>{"code":20404,"message":"…","more_info":"https://www.twilio.com/docs/errors/20404","status":404}</c></summary>
internal sealed record TwilioError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("more_info")] string MoreInfo,
    [property: JsonPropertyName("status")] int Status);

/// <summary>What a notification configuration's webhook endpoints receive when a rule fires.</summary>
internal sealed record TwilioNotification(
    [property: JsonPropertyName("account_sid")] string AccountSid,
    [property: JsonPropertyName("instance_sid")] string InstanceSid,
    [property: JsonPropertyName("rule_sid")] string RuleSid,
    [property: JsonPropertyName("rule_friendly_name")] string RuleFriendlyName,
    [property: JsonPropertyName("metric_id")] string MetricId,
    [property: JsonPropertyName("task_channel_sid")] string TaskChannelSid,
    [property: JsonPropertyName("task_queue_sid")] string TaskQueueSid,
    [property: JsonPropertyName("threshold_type")] string ThresholdType,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("date_fired")] string DateFired,
    [property: JsonPropertyName("notify_methods_id")] string NotifyMethodsId);

internal sealed record TwilioInstanceDto(
    [property: JsonPropertyName("accountSid")] string AccountSid,
    [property: JsonPropertyName("instanceSid")] string InstanceSid);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TwilioRuleRequest))]
[JsonSerializable(typeof(TwilioRuleBody))]
[JsonSerializable(typeof(TwilioRule))]
[JsonSerializable(typeof(TwilioRulePage))]
[JsonSerializable(typeof(TwilioConfigRequest))]
[JsonSerializable(typeof(TwilioDestinations))]
[JsonSerializable(typeof(TwilioConfig))]
[JsonSerializable(typeof(TwilioConfigPage))]
[JsonSerializable(typeof(TwilioError))]
[JsonSerializable(typeof(TwilioNotification))]
[JsonSerializable(typeof(TwilioInstanceDto))]
internal sealed partial class TwilioJson : JsonSerializerContext;
