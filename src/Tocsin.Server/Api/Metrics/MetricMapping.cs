using System.Text;
using Tocsin.Core.Common;
using Tocsin.Core.Metrics;

namespace Tocsin.Server.Api.Metrics;

internal enum MetricFormat { Json, PrometheusText }

/// <summary>Pure mapping from a metrics request body to samples, and from the store's verdict to a response; errors name the field.</summary>
internal static class MetricMapping
{
    public const int MaxBatch = 10_000;

    /// <summary>JSON unless told otherwise; <c>text/plain</c> (Prometheus 0.0.4) is the exposition format. Anything else is refused.</summary>
    public static MetricFormat? Format(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType)) return MetricFormat.Json;
        if (contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)) return MetricFormat.PrometheusText;
        return contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? MetricFormat.Json : null;
    }

    /// <summary>Parses and validates the whole JSON batch, then stores it; nothing is stored when any sample is invalid.</summary>
    public static Result<BatchAppendResult> AppendJson(ReadOnlySpan<byte> body, SeriesStore store, Guid tenantId, DateTimeOffset now, MetricNameAliases? aliases = null)
    {
        var parsed = MetricJsonReader.Parse(body, now, MaxBatch, aliases);
        if (!parsed.IsOk) return parsed.Error!;
        using var batch = parsed.Value!;
        return MetricJsonReader.Append(batch, store, tenantId, now);
    }

    public static Result<IReadOnlyList<MetricSample>> FromPrometheusText(ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        var parsed = PrometheusTextParser.Parse(Encoding.UTF8.GetString(body), now);
        if (!parsed.Success) return CoreError.Validation("body", $"line {parsed.ErrorLine}: {parsed.Error}");
        if (parsed.Samples.Count == 0) return CoreError.Validation("body", "the exposition holds no samples");
        return Result<IReadOnlyList<MetricSample>>.Ok(parsed.Samples);
    }

    /// <summary>Invalid samples are a 400 naming the sample; a full store is a 429 (retrying later, once series expire, is the fix).</summary>
    public static IResult ToResult(BatchAppendResult result, SeriesStore store, MetricFormat format)
    {
        if (result.IsInvalid)
        {
            var field = format == MetricFormat.PrometheusText ? "body" : $"[{result.ErrorIndex}].{FieldOf(result.Error)}";
            var prefix = format == MetricFormat.PrometheusText ? $"sample {result.ErrorIndex + 1}: " : "";
            return ApiProblems.Validation(field, prefix + (result.Message ?? "is invalid"));
        }
        if (result.Rejected > 0 && (result.Error == AppendResult.SeriesLimitExceeded || store.SeriesCount >= store.Options.MaxSeries))
            return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, "Series limit reached",
                $"the store holds its maximum of {store.Options.MaxSeries} series; {result.Accepted} of {result.Accepted + result.Rejected} samples were stored, "
                + "the rest belong to new series. Retry later or raise Tocsin:Metrics:MaxSeries.", "body");
        var first = result.ErrorIndex >= 0 ? new MetricRejection(result.ErrorIndex, Reason(result.Error)) : null;
        return TypedResults.Json(new MetricsAccepted(result.Accepted, result.Rejected, first), MetricJson.Default.MetricsAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    private static string FieldOf(AppendResult error) => error switch
    {
        AppendResult.InvalidLabel => "labels",
        AppendResult.InvalidValue => "value",
        _ => "name",
    };

    private static string Reason(AppendResult error) => error switch
    {
        AppendResult.OutOfOrder => "out_of_order",
        AppendResult.TooOld => "too_old",
        AppendResult.TooFarInFuture => "too_far_in_future",
        AppendResult.SeriesLimitExceeded => "series_limit",
        _ => "invalid",
    };
}
