using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Core.Notifications;
using Tocsin.Server.Api.Alerts;

namespace Tocsin.Server.Cluster;

/// <summary>A committed alert change, sent to the other nodes so their live streams show it too.</summary>
public sealed record AlertRelayMessage(string Node, Guid Tenant, AlertStreamEvent Event);

/// <summary>A new in-app notification, sent to the other nodes so the user's inbox stream shows it wherever they are connected.</summary>
public sealed record InboxRelayMessage(string Node, Guid Tenant, InboxItem Item);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AlertRelayMessage))]
[JsonSerializable(typeof(InboxRelayMessage))]
internal sealed partial class ClusterJson : JsonSerializerContext;
