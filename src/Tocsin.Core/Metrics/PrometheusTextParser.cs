using System.Globalization;
using System.Text;

namespace Tocsin.Core.Metrics;

/// <summary>Samples parsed from an exposition, or the first error with its 1-based line number.</summary>
public sealed record PrometheusParseResult(IReadOnlyList<MetricSample> Samples, int ErrorLine, string? Error)
{
    public bool Success => Error is null;
}

/// <summary>
/// Parser for the Prometheus text exposition format 0.0.4, so any exporter's output can be pushed.
/// HELP, TYPE and other comments are skipped. NaN and ±Inf values are refused, because the series
/// store keeps finite values only; the whole payload is refused with the line of the first problem.
/// </summary>
public static class PrometheusTextParser
{
    public static PrometheusParseResult Parse(string text, DateTimeOffset defaultTimestamp)
    {
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length;
            lineNumber++;
            var line = text.AsSpan(start, end - start).TrimEnd('\r');
            start = end + 1;

            var trimmed = line.TrimStart(" \t");
            if (trimmed.IsEmpty) continue;
            if (trimmed[0] == '#')
            {
                var error = CheckComment(trimmed);
                if (error is not null) return Fail(lineNumber, error);
                continue;
            }
            var parsed = ParseSample(trimmed, defaultTimestamp, out var sample);
            if (parsed is not null) return Fail(lineNumber, parsed);
            samples.Add(sample!);
        }
        return new PrometheusParseResult(samples, 0, null);
    }

    private static PrometheusParseResult Fail(int line, string message) => new([], line, message);

    private static string? CheckComment(ReadOnlySpan<char> line)
    {
        var rest = line[1..].TrimStart(" \t");
        if (!rest.StartsWith("TYPE") || (rest.Length > 4 && rest[4] is not (' ' or '\t'))) return null;
        var words = rest[4..].Trim(" \t");
        var space = words.IndexOfAny(' ', '\t');
        if (space < 0) return "TYPE line needs a metric name and a type";
        var type = words[(space + 1)..].Trim(" \t");
        return type is "counter" or "gauge" or "histogram" or "summary" or "untyped"
            ? null
            : $"unknown metric type '{type}' (expected counter, gauge, histogram, summary or untyped)";
    }

    private static string? ParseSample(ReadOnlySpan<char> line, DateTimeOffset defaultTimestamp, out MetricSample? sample)
    {
        sample = null;
        var i = 0;
        while (i < line.Length && line[i] is not ('{' or ' ' or '\t')) i++;
        var name = line[..i].ToString();
        if (!MetricSample.IsValidName(name)) return $"invalid metric name '{name}'";

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        SkipBlanks(line, ref i);
        if (i < line.Length && line[i] == '{')
        {
            i++;
            var error = ParseLabels(line, ref i, labels);
            if (error is not null) return error;
        }

        SkipBlanks(line, ref i);
        var valueStart = i;
        while (i < line.Length && line[i] is not (' ' or '\t')) i++;
        var valueText = line[valueStart..i];
        if (valueText.IsEmpty) return "missing value";
        if (!TryParseValue(valueText, out var value)) return $"invalid value '{valueText}'";
        if (!double.IsFinite(value)) return $"value '{valueText}' is not finite; NaN and Inf are refused";

        SkipBlanks(line, ref i);
        var timestamp = defaultTimestamp;
        if (i < line.Length)
        {
            var tsStart = i;
            while (i < line.Length && line[i] is not (' ' or '\t')) i++;
            if (!long.TryParse(line[tsStart..i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms)
                || ms < -62135596800000L || ms > 253402300799999L)
                return $"invalid timestamp '{line[tsStart..i]}' (expected integer milliseconds since the epoch)";
            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            SkipBlanks(line, ref i);
            if (i < line.Length) return $"unexpected text after timestamp: '{line[i..]}'";
        }
        sample = new MetricSample(name, labels, value, timestamp);
        return null;
    }

    private static string? ParseLabels(ReadOnlySpan<char> line, ref int i, Dictionary<string, string> labels)
    {
        while (true)
        {
            SkipBlanks(line, ref i);
            if (i < line.Length && line[i] == '}') { i++; return null; }
            var nameStart = i;
            while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or '.')) i++;
            var labelName = line[nameStart..i].ToString();
            if (labelName.Length == 0 || char.IsAsciiDigit(labelName[0])) return $"invalid label name at column {nameStart + 1}";
            SkipBlanks(line, ref i);
            if (i >= line.Length || line[i] != '=') return $"expected '=' after label '{labelName}'";
            i++;
            SkipBlanks(line, ref i);
            if (i >= line.Length || line[i] != '"') return $"expected '\"' to open the value of label '{labelName}'";
            i++;
            var sb = new StringBuilder();
            while (true)
            {
                if (i >= line.Length) return $"value of label '{labelName}' is not closed";
                var c = line[i++];
                if (c == '"') break;
                if (c == '\\')
                {
                    if (i >= line.Length) return $"value of label '{labelName}' ends in an escape";
                    var e = line[i++];
                    switch (e)
                    {
                        case '\\': sb.Append('\\'); break;
                        case '"': sb.Append('"'); break;
                        case 'n': sb.Append('\n'); break;
                        default: return $"invalid escape '\\{e}' in label '{labelName}'";
                    }
                    continue;
                }
                sb.Append(c);
            }
            if (!labels.TryAdd(labelName, sb.ToString())) return $"label '{labelName}' appears twice";
            SkipBlanks(line, ref i);
            if (i < line.Length && line[i] == ',') { i++; continue; }
            if (i < line.Length && line[i] == '}') { i++; return null; }
            return "expected ',' or '}' after a label";
        }
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, out double value)
    {
        // Go's ParseFloat spellings used by exporters.
        switch (text)
        {
            case "NaN": value = double.NaN; return true;
            case "+Inf" or "Inf": value = double.PositiveInfinity; return true;
            case "-Inf": value = double.NegativeInfinity; return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static void SkipBlanks(ReadOnlySpan<char> line, ref int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t') i++;
    }
}
