using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Server.Api.Alerts;

namespace Tocsin.Server.Api.Notifications;

/// <summary>Source-generated JSON for the notification APIs (#4), chained after the other API contexts.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContactMethodRequest))]
[JsonSerializable(typeof(ContactMethodDto))]
[JsonSerializable(typeof(Page<ContactMethodDto>))]
[JsonSerializable(typeof(NotificationRuleRequest))]
[JsonSerializable(typeof(NotificationRuleDto))]
[JsonSerializable(typeof(Page<NotificationRuleDto>))]
[JsonSerializable(typeof(ChannelRequest))]
[JsonSerializable(typeof(ChannelDto))]
[JsonSerializable(typeof(Page<ChannelDto>))]
[JsonSerializable(typeof(TemplateRequest))]
[JsonSerializable(typeof(TemplateDto))]
[JsonSerializable(typeof(Page<TemplateDto>))]
[JsonSerializable(typeof(RenderedDto))]
[JsonSerializable(typeof(InboxItemDto))]
[JsonSerializable(typeof(Page<InboxItemDto>))]
[JsonSerializable(typeof(UnreadCountDto))]
[JsonSerializable(typeof(AlertNotificationsDto))]
internal sealed partial class NotificationJson : JsonSerializerContext;
