using System.Globalization;
using System.Text.Json;
using Tocsin.Core.Common;
using Tocsin.Core.Metrics;

namespace Tocsin.Server.Api.Metrics;

/// <summary>
/// Reads a JSON batch of samples straight into <see cref="MetricSample"/>s with a <see cref="Utf8JsonReader"/>: this is
/// the ingest hot path (#5: ≥ 500,000 samples/s), and reading by hand skips the request DTOs and names the bad field
/// exactly (<c>[42].value</c>). The shape is <see cref="MetricSampleRequest"/>; unknown properties are ignored.
/// </summary>
internal static class MetricJsonReader
{
    public static Result<MetricSample[]> Read(ReadOnlySpan<byte> json, DateTimeOffset now, int maxBatch)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        var samples = new List<MetricSample>(Math.Min(maxBatch, json.Length / 40 + 1));
        var index = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return CoreError.Validation("body", "must be a JSON array of samples");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index >= maxBatch) return CoreError.Validation("body", $"at most {maxBatch} samples per request");
                if (reader.TokenType != JsonTokenType.StartObject) return CoreError.Validation($"[{index}]", "must be an object");
                var sample = ReadSample(ref reader, index, now);
                if (!sample.IsOk) return sample.Error!;
                samples.Add(sample.Value!);
                index++;
            }
            if (reader.Read()) return CoreError.Validation("body", "unexpected data after the array");
        }
        catch (JsonException e)
        {
            return CoreError.Validation("body", $"is not valid JSON near sample {index} (line {e.LineNumber + 1}, byte {e.BytePositionInLine})");
        }
        return samples.Count == 0 ? CoreError.Validation("body", "at least one sample is required") : samples.ToArray();
    }

    private static Result<MetricSample> ReadSample(ref Utf8JsonReader reader, int i, DateTimeOffset now)
    {
        string? name = null;
        Dictionary<string, string>? labels = null;
        double? value = null;
        DateTimeOffset? timestamp = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = Property(ref reader);
            reader.Read();
            switch (property)
            {
                case Field.Name:
                    if (reader.TokenType == JsonTokenType.String) name = reader.GetString();
                    else if (reader.TokenType != JsonTokenType.Null) return WrongType(i, "name", "a string");
                    break;
                case Field.Labels:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (reader.TokenType != JsonTokenType.StartObject) return WrongType(i, "labels", "an object of strings");
                    labels = new Dictionary<string, string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = reader.GetString()!;
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String) return WrongType(i, "labels", $"an object of strings ('{key}' is not a string)");
                        if (!labels.TryAdd(key, reader.GetString()!)) return CoreError.Validation($"[{i}].labels", $"label '{key}' appears twice");
                    }
                    break;
                case Field.Value:
                    if (reader.TokenType == JsonTokenType.Number) value = reader.GetDouble();
                    // Named non-finite values are read so that they are refused for what they are, not as a type error.
                    else if (reader.TokenType == JsonTokenType.String && NonFinite(reader.GetString()) is { } special) value = special;
                    else if (reader.TokenType != JsonTokenType.Null) return WrongType(i, "value", "a number");
                    break;
                case Field.Timestamp:
                    if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms is >= MinMs and <= MaxMs)
                        timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                    else if (reader.TokenType == JsonTokenType.String
                        && DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                        timestamp = at;
                    else if (reader.TokenType != JsonTokenType.Null) return WrongType(i, "timestamp", "unix milliseconds or an RFC 3339 string");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        if (name is null) return CoreError.Validation($"[{i}].name", "is required");
        if (value is not { } v) return CoreError.Validation($"[{i}].value", "is required");
        return new MetricSample(name, labels ?? MetricSample.NoLabels, v, timestamp ?? now);
    }

    private const long MinMs = -62135596800000L, MaxMs = 253402300799999L;

    private enum Field { Other, Name, Labels, Value, Timestamp }

    private static Field Property(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("name"u8)) return Field.Name;
        if (reader.ValueTextEquals("labels"u8)) return Field.Labels;
        if (reader.ValueTextEquals("value"u8)) return Field.Value;
        if (reader.ValueTextEquals("timestamp"u8)) return Field.Timestamp;
        // Like the rest of the API (JSON web defaults), property names match case-insensitively.
        return reader.GetString()!.ToLowerInvariant() switch
        {
            "name" => Field.Name,
            "labels" => Field.Labels,
            "value" => Field.Value,
            "timestamp" => Field.Timestamp,
            _ => Field.Other,
        };
    }

    private static double? NonFinite(string? text) => text switch
    {
        "NaN" => double.NaN,
        "Infinity" or "+Infinity" or "Inf" or "+Inf" => double.PositiveInfinity,
        "-Infinity" or "-Inf" => double.NegativeInfinity,
        _ => null,
    };

    private static CoreError WrongType(int i, string field, string expected) => CoreError.Validation($"[{i}].{field}", $"has the wrong type; expected {expected}");
}
