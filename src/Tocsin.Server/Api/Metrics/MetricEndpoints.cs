using Tocsin.Core.Metrics;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;
using Tocsin.Server.Cluster;

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

    /// <summary>Where other nodes of the cluster forward the samples they accepted (see <see cref="MetricReplicator"/>).</summary>
    public static WebApplication MapPeerMetrics(this WebApplication app)
    {
        app.MapPost(MetricReplicator.Path, PeerIngestAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static Task<IResult> IngestAsync(HttpContext c, SeriesStore store, MetricNameAliases aliases, MetricReplicator replicator, TimeProvider time,
        CancellationToken ct) => IngestCoreAsync(c, c.Caller().TenantId, store, aliases, time, replicator, ct);

    private static async Task<IResult> PeerIngestAsync(HttpContext c, SeriesStore store, MetricNameAliases aliases, MetricReplicator replicator,
        TimeProvider time, CancellationToken ct)
    {
        if (!await replicator.IsPeerAsync(c.Request.Headers[MetricReplicator.SecretHeader], ct))
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "not a node of this cluster", MetricReplicator.SecretHeader);
        if (!Guid.TryParse(c.Request.Headers[MetricReplicator.TenantHeader], out var tenant))
            return ApiProblems.Validation(MetricReplicator.TenantHeader, "must be a tenant id");
        return await IngestCoreAsync(c, tenant, store, aliases, time, replicator: null, ct);
    }

    /// <param name="replicator">Forwards accepted bodies to the other nodes; null for a body that another node forwarded.</param>
    private static async Task<IResult> IngestCoreAsync(HttpContext c, Guid tenant, SeriesStore store, MetricNameAliases aliases, TimeProvider time,
        MetricReplicator? replicator, CancellationToken ct)
    {
        if (MetricMapping.Format(c.Request.ContentType) is not { } format)
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "Content-Type must be application/json or text/plain; version=0.0.4", "Content-Type");
        var read = await MetricBody.ReadAsync(c.Request, ct);
        if (!read.IsOk) return ApiProblems.From(read.Error!);
        using var body = read.Value!;
        var now = time.GetUtcNow();
        if (format == MetricFormat.Json)
        {
            var stored = MetricMapping.AppendJson(body.Span, store, tenant, now, aliases);
            if (!stored.IsOk) return ApiProblems.From(stored.Error!);
            replicator?.Offer(tenant, c.Request.ContentType!, body.Span);
            return MetricMapping.ToResult(stored.Value!, store, format);
        }
        var samples = MetricMapping.FromPrometheusText(body.Span, now);
        if (!samples.IsOk) return ApiProblems.From(samples.Error!);
        replicator?.Offer(tenant, c.Request.ContentType!, body.Span);
        return MetricMapping.ToResult(store.AppendBatch(tenant, samples.Value!, now), store, format);
    }
}
