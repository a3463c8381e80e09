using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.Events;
using Tocsin.Server.Api.Tenancy;

namespace Tocsin.Server.Api;

/// <summary>Source-generated JSON for the native API (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertDto))]
[JsonSerializable(typeof(Page<AlertDto>))]
[JsonSerializable(typeof(Page<TimelineEntryDto>))]
[JsonSerializable(typeof(AlertCountsDto))]
[JsonSerializable(typeof(AlertPatchRequest))]
[JsonSerializable(typeof(AlertActionRequest))]
[JsonSerializable(typeof(CommentRequest))]
[JsonSerializable(typeof(EventRequest))]
[JsonSerializable(typeof(EventRequest[]))]
[JsonSerializable(typeof(EventsAccepted))]
[JsonSerializable(typeof(TenantDto))]
[JsonSerializable(typeof(Tocsin.Server.Cluster.ClusterDto))]
[JsonSerializable(typeof(ApiKeyDto))]
[JsonSerializable(typeof(List<ApiKeyDto>))]
[JsonSerializable(typeof(CreateKeyRequest))]
[JsonSerializable(typeof(CreatedKeyDto))]
internal sealed partial class ApiJson : JsonSerializerContext;
