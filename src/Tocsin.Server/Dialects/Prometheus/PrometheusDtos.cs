using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Dialects.Prometheus;

/// <summary>
/// Alertmanager API v2 <c>postableAlert</c>, as Prometheus sends it:
/// <code>[{"labels":{"alertname":"HighLatency","instance":"web1","severity":"critical"},
///   "annotations":{"summary":"p99 over 1s"},"startsAt":"2026-11-22T06:00:00Z","endsAt":"2026-11-22T06:04:00Z",
///   "generatorURL":"http://prometheus:9090/graph?g0.expr=..."}]</code>
/// </summary>
internal sealed record PrometheusAlert(
    [property: JsonPropertyName("labels")] Dictionary<string, string>? Labels,
    [property: JsonPropertyName("annotations")] Dictionary<string, string>? Annotations,
    [property: JsonPropertyName("startsAt")] DateTimeOffset? StartsAt,
    [property: JsonPropertyName("endsAt")] DateTimeOffset? EndsAt,
    [property: JsonPropertyName("generatorURL")] string? GeneratorUrl);

/// <summary>The part of Alertmanager's status object that clients probe.</summary>
internal sealed record PrometheusStatus([property: JsonPropertyName("cluster")] PrometheusCluster Cluster);

internal sealed record PrometheusCluster([property: JsonPropertyName("status")] string Status);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General)]
[JsonSerializable(typeof(PrometheusAlert[]))]
internal sealed partial class PrometheusJson : JsonSerializerContext;
