using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Tocsin.Core.Common;
using Tocsin.Core.Metrics;

namespace Tocsin.Server.Api.Metrics;

/// <summary>
/// Reads a JSON batch of samples with one <see cref="Utf8JsonReader"/> pass into a <see cref="MetricBatch"/>: every string
/// is unescaped and transcoded straight into one pooled char buffer, every sample is a struct of ranges into it. This is
/// the ingest hot path (#5: ≥ 500,000 samples/s). The batch is validated whole before anything is stored (a bad sample
/// stores nothing) and holds no object per sample, so nothing survives to a gen0 collection (holding 10,000 sample
/// objects for a request made every collection promote them, which cost more than parsing), and a sample of an
/// existing series is stored without allocating at all. Errors name the field exactly (<c>[42].value</c>); unknown
/// properties are ignored.
/// </summary>
internal static class MetricJsonReader
{
    /// <summary>Parses and validates the whole batch; the caller disposes the batch (it holds pooled buffers).</summary>
    public static Result<MetricBatch> Parse(ReadOnlySpan<byte> json, DateTimeOffset now, int maxBatch, MetricNameAliases? aliases = null)
    {
        var batch = new MetricBatch(json.Length);
        var error = Fill(batch, json, now, maxBatch, aliases ?? MetricNameAliases.None);
        if (error is null) return batch;
        batch.Dispose();
        return error;
    }

    private static CoreError? Fill(MetricBatch batch, ReadOnlySpan<byte> json, DateTimeOffset now, int maxBatch, MetricNameAliases aliases)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        var index = 0;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) return CoreError.Validation("body", "must be a JSON array of samples");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index >= maxBatch) return CoreError.Validation("body", $"at most {maxBatch} samples per request");
                if (reader.TokenType != JsonTokenType.StartObject) return CoreError.Validation($"[{index}]", "must be an object");
                if (ReadSample(ref reader, index, now, batch, aliases) is { } error) return error;
                index++;
            }
            if (reader.Read()) return CoreError.Validation("body", "unexpected data after the array");
        }
        catch (JsonException e)
        {
            return CoreError.Validation("body", $"is not valid JSON near sample {index} (line {e.LineNumber + 1}, byte {e.BytePositionInLine})");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            return CoreError.Validation("body", $"is not valid UTF-8 near sample {index}");
        }
        return index == 0 ? CoreError.Validation("body", "at least one sample is required") : null;
    }

    /// <summary>Stores each sample of a valid batch, counting those refused for capacity, order or age.</summary>
    public static BatchAppendResult Append(MetricBatch batch, SeriesStore store, Guid tenantId, DateTimeOffset now)
    {
        int accepted = 0, rejected = 0, firstError = -1;
        var error = AppendResult.Ok;
        var text = batch.Text;
        var labels = batch.AllLabels;
        var samples = batch.Samples;
        for (var i = 0; i < samples.Length; i++)
        {
            ref readonly var s = ref samples[i];
            var r = store.AppendParsed(tenantId, text, s.Name, labels.Slice(s.FirstLabel, s.LabelCount), s.Value, s.Ticks, now);
            if (r == AppendResult.Ok) accepted++;
            else
            {
                rejected++;
                if (firstError < 0) { firstError = i; error = r; }
            }
        }
        return new BatchAppendResult(accepted, rejected, firstError, error, firstError < 0 ? null : error.ToString());
    }

    private static CoreError? ReadSample(ref Utf8JsonReader reader, int i, DateTimeOffset now, MetricBatch batch, MetricNameAliases aliases)
    {
        TextRange? name = null;
        double? value = null;
        DateTimeOffset? timestamp = null;
        var firstLabel = batch.LabelCount;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var property = Property(ref reader);
            reader.Read();
            switch (property)
            {
                case Field.Name:
                    if (reader.TokenType == JsonTokenType.String) name = batch.AddString(ref reader);
                    else if (reader.TokenType != JsonTokenType.Null) return WrongType(i, "name", "a string");
                    break;
                case Field.Labels:
                    if (reader.TokenType == JsonTokenType.Null) break;
                    if (reader.TokenType != JsonTokenType.StartObject) return WrongType(i, "labels", "an object of strings");
                    // A second "labels" property replaces the first, as a dictionary read would.
                    batch.LabelCount = firstLabel;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var key = batch.AddString(ref reader);
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String)
                            return WrongType(i, "labels", $"an object of strings ('{key.In(batch.Text)}' is not a string)");
                        var keyText = key.In(batch.Text);
                        for (var l = firstLabel; l < batch.LabelCount; l++)
                        {
                            if (batch.AllLabels[l].Key.In(batch.Text).SequenceEqual(keyText))
                                return CoreError.Validation($"[{i}].labels", $"label '{keyText}' appears twice");
                        }
                        batch.AddLabel(new LabelRange(key, batch.AddString(ref reader)));
                    }
                    break;
                case Field.Value:
                    if (reader.TokenType == JsonTokenType.Number) value = reader.GetDouble();
                    // Named non-finite values are read so that they are refused for what they are, not as a type error.
                    else if (reader.TokenType == JsonTokenType.String && NonFinite(ref reader) is { } special) value = special;
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
        if (name is not { } n) return CoreError.Validation($"[{i}].name", "is required");
        if (value is not { } v) return CoreError.Validation($"[{i}].value", "is required");
        if (aliases.TryResolve(n.In(batch.Text), out var core)) n = batch.AddString(core);
        var labels = batch.AllLabels[firstLabel..batch.LabelCount];
        var valid = SeriesStore.Validate(batch.Text, n, labels, v, out var message);
        if (valid != AppendResult.Ok)
        {
            return valid switch
            {
                AppendResult.InvalidLabel => CoreError.Validation($"[{i}].labels", message ?? "is invalid"),
                AppendResult.InvalidValue => CoreError.Validation($"[{i}].value", message ?? "is invalid"),
                _ => CoreError.Validation($"[{i}].name", message ?? "is invalid"),
            };
        }
        batch.AddSample(new ParsedSample(n, firstLabel, batch.LabelCount - firstLabel, v, (timestamp ?? now).UtcTicks));
        return null;
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

    private static double? NonFinite(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("NaN"u8)) return double.NaN;
        if (reader.ValueTextEquals("Infinity"u8) || reader.ValueTextEquals("+Infinity"u8) || reader.ValueTextEquals("Inf"u8) || reader.ValueTextEquals("+Inf"u8))
            return double.PositiveInfinity;
        if (reader.ValueTextEquals("-Infinity"u8) || reader.ValueTextEquals("-Inf"u8)) return double.NegativeInfinity;
        return null;
    }

    private static CoreError WrongType(int i, string field, string expected) => CoreError.Validation($"[{i}].{field}", $"has the wrong type; expected {expected}");
}

/// <summary>A sample of a <see cref="MetricBatch"/>: its strings are ranges of the batch's char buffer.</summary>
internal readonly record struct ParsedSample(TextRange Name, int FirstLabel, int LabelCount, double Value, long Ticks);

/// <summary>
/// A parsed request: one char buffer holding every string, one array of labels and one of samples, all rented from the
/// pools and returned on dispose. Strings take at most one char per UTF-8 byte, so a buffer of the body's length holds them.
/// </summary>
internal sealed class MetricBatch : IDisposable
{
    private char[] _text;
    private LabelRange[] _labels;
    private ParsedSample[] _samples;
    private int _sampleCount;

    public MetricBatch(int bodyBytes)
    {
        _text = ArrayPool<char>.Shared.Rent(Math.Max(bodyBytes, 256));
        _labels = ArrayPool<LabelRange>.Shared.Rent(256);
        _samples = ArrayPool<ParsedSample>.Shared.Rent(64);
    }

    public int TextLength { get; private set; }

    public int LabelCount { get; set; }

    public ReadOnlySpan<char> Text => _text.AsSpan(0, TextLength);

    public ReadOnlySpan<LabelRange> AllLabels => _labels.AsSpan(0, LabelCount);

    public ReadOnlySpan<ParsedSample> Samples => _samples.AsSpan(0, _sampleCount);

    public int Count => _sampleCount;

    /// <summary>Unescapes and transcodes the current string token into the buffer.</summary>
    public TextRange AddString(ref Utf8JsonReader reader)
    {
        var most = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        Ensure(most);
        var written = reader.CopyString(_text.AsSpan(TextLength));
        var range = new TextRange(TextLength, written);
        TextLength += written;
        return range;
    }

    public TextRange AddString(string text)
    {
        Ensure(text.Length);
        text.CopyTo(_text.AsSpan(TextLength));
        var range = new TextRange(TextLength, text.Length);
        TextLength += text.Length;
        return range;
    }

    public void AddLabel(LabelRange label)
    {
        if (LabelCount == _labels.Length) Grow(ref _labels, LabelCount);
        _labels[LabelCount++] = label;
    }

    public void AddSample(ParsedSample sample)
    {
        if (_sampleCount == _samples.Length) Grow(ref _samples, _sampleCount);
        _samples[_sampleCount++] = sample;
    }

    private void Ensure(int more)
    {
        if (TextLength + more <= _text.Length) return;
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_text.Length * 2, TextLength + more));
        _text.AsSpan(0, TextLength).CopyTo(bigger);
        ArrayPool<char>.Shared.Return(_text);
        _text = bigger;
    }

    private static void Grow<T>(ref T[] array, int used)
    {
        var bigger = ArrayPool<T>.Shared.Rent(array.Length * 2);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<T>.Shared.Return(array);
        array = bigger;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_text);
        ArrayPool<LabelRange>.Shared.Return(_labels);
        ArrayPool<ParsedSample>.Shared.Return(_samples);
        _text = [];
        _labels = [];
        _samples = [];
    }
}
