using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>Body of <c>POST</c> and <c>PUT /api/notificationChannels</c>: one channel in the <c>notificationChannel</c> envelope (reference §6).</summary>
/// <remarks>
/// <code>
/// {"notificationChannel":{"type":"WEBHOOK","name":"ops hook","enabled":true,
///  "options":{"url":"https://hooks.example/x","additionalHeaders":{"X-Team":"ops"},"notifyOnOk":true}}}
/// </code>
/// </remarks>
internal sealed record IbmChannelEnvelope([property: JsonPropertyName("notificationChannel")] IbmChannelRequest? NotificationChannel);

/// <summary>A channel as a client sends it; server-owned fields a client echoes (<c>createdOn</c>, <c>modifiedOn</c>) are ignored.</summary>
internal sealed record IbmChannelRequest
{
    [JsonPropertyName("id")] public long? Id { get; init; }
    [JsonPropertyName("version")] public int? Version { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("enabled")] public bool? Enabled { get; init; }
    [JsonPropertyName("teamId")] public long? TeamId { get; init; }
    /// <summary>Kept as JSON: each type has its own options, and unknown ones are kept and echoed.</summary>
    [JsonPropertyName("options")] public JsonObject? Options { get; init; }
}

internal sealed record IbmChannelResponse([property: JsonPropertyName("notificationChannel")] IbmChannel NotificationChannel);

internal sealed record IbmChannelList([property: JsonPropertyName("notificationChannels")] IReadOnlyList<IbmChannel> NotificationChannels);

/// <summary>A channel as the server renders it; the id is the one alerts list in <c>notificationChannelIds</c>.</summary>
internal sealed record IbmChannel
{
    [JsonPropertyName("id")] public required long Id { get; init; }
    [JsonPropertyName("version")] public required int Version { get; init; }
    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("createdOn")] public required long CreatedOn { get; init; }
    /// <summary>Unix milliseconds.</summary>
    [JsonPropertyName("modifiedOn")] public required long ModifiedOn { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("enabled")] public required bool Enabled { get; init; }
    [JsonPropertyName("teamId")] public long? TeamId { get; init; }
    [JsonPropertyName("options")] public required JsonObject Options { get; init; }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(IbmChannelEnvelope))]
[JsonSerializable(typeof(IbmChannelResponse))]
[JsonSerializable(typeof(IbmChannelList))]
internal sealed partial class IbmChannelJson : JsonSerializerContext;
