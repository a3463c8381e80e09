using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Api.Metrics;

/// <summary>
/// One sample of <c>POST /api/v1/metrics</c>; the body is an array of up to 10,000. <c>timestamp</c> is unix milliseconds
/// or an RFC 3339 string and defaults to the time of receipt. Example:
/// <code>[{"name":"cpu.used.percent","labels":{"host":"web1"},"value":97.5,"timestamp":1774699200000}]</code>
/// </summary>
public sealed record MetricSampleRequest(
    string? Name,
    Dictionary<string, string>? Labels,
    // Read "NaN"/"Infinity" so they are refused as non-finite values by name, not as a type error.
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals)] double? Value,
    [property: JsonConverter(typeof(MetricTimestampConverter))] DateTimeOffset? Timestamp);

/// <summary>202 body: samples stored, samples refused (out of order, too old, too far in the future) and the first refusal.</summary>
public sealed record MetricsAccepted(int Accepted, int Rejected, MetricRejection? FirstRejected);

public sealed record MetricRejection(int Index, string Reason);

/// <summary>Unix milliseconds (a JSON number) or an RFC 3339 string.</summary>
public sealed class MetricTimestampConverter : JsonConverter<DateTimeOffset?>
{
    private const long MinMs = -62135596800000L, MaxMs = 253402300799999L;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var ms) && ms is >= MinMs and <= MaxMs:
                return DateTimeOffset.FromUnixTimeMilliseconds(ms);
            case JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                return at;
            default:
                throw new JsonException("timestamp must be unix milliseconds or an RFC 3339 string");
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteNumberValue(v.ToUnixTimeMilliseconds());
        else writer.WriteNullValue();
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MetricSampleRequest[]))]
[JsonSerializable(typeof(MetricsAccepted))]
internal sealed partial class MetricJson : JsonSerializerContext;
