using Tocsin.Core.Metrics;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Metrics;

internal static class MetricEndpoints
{
    public static RouteGroupBuilder MapMetrics(this RouteGroupBuilder api)
    {
        api.MapPost("/metrics", IngestAsync)
            .WithTags("Metrics")
            .RequireAuthorization(Permission.EventsWrite)
            .Accepts<MetricSampleRequest[]>("application/json", "text/plain")
            .Produces<MetricsAccepted>(StatusCodes.Status202Accepted)
            .WithSummary("Push up to 10,000 samples as JSON, or a Prometheus text exposition (Content-Type: text/plain; version=0.0.4)");
        return api;
    }

    private static async Task<IResult> IngestAsync(HttpContext c, SeriesStore store, MetricNameAliases aliases, TimeProvider time, CancellationToken ct)
    {
        if (MetricMapping.Format(c.Request.ContentType) is not { } format)
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type must be application/json or text/plain; version=0.0.4", "Content-Type");
        var read = await MetricBody.ReadAsync(c.Request, ct);
        if (!read.IsOk) return ApiProblems.From(read.Error!);
        using var body = read.Value!;
        var now = time.GetUtcNow();
        var tenant = c.Caller().TenantId;
        if (format == MetricFormat.Json)
        {
            var stored = MetricMapping.AppendJson(body.Span, store, tenant, now, aliases);
            return stored.IsOk ? MetricMapping.ToResult(stored.Value!, store, format) : ApiProblems.From(stored.Error!);
        }
        var samples = MetricMapping.FromPrometheusText(body.Span, now);
        if (!samples.IsOk) return ApiProblems.From(samples.Error!);
        return MetricMapping.ToResult(store.AppendBatch(tenant, samples.Value!, now), store, format);
    }
}
