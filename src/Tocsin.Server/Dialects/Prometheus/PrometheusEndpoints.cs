using Tocsin.Core.Alerts;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Prometheus;

/// <summary>Alertmanager API v2 receiver, so Prometheus can use Tocsin as its alertmanager (<c>alerting.alertmanagers</c>).</summary>
internal static class PrometheusEndpoints
{
    public static RouteGroupBuilder MapPrometheus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2").WithTags("Prometheus").RequireAuthorization(Permission.EventsWrite);
        group.MapPost("/alerts", PostAlertsAsync).Accepts<PrometheusAlert[]>("application/json").Produces(200).ProducesProblem(400).ProducesProblem(401).ProducesProblem(403).WithSummary("Alertmanager v2: post alerts");
        group.MapGet("/status", () => TypedResults.Ok(new PrometheusStatus(new PrometheusCluster("ready")))).WithSummary("Alertmanager v2: readiness for clients that probe it");
        return group;
    }

    private static async Task<IResult> PostAlertsAsync(HttpContext c, AlertService alerts, TimeProvider time, CancellationToken ct)
    {
        var read = await ApiBody.ReadAsync(c.Request, ct);
        if (!read.IsOk) return ApiProblems.From(read.Error!);
        using var body = read.Value!;
        var parsed = body.Deserialize(PrometheusJson.Default.PrometheusAlertArray);
        if (!parsed.IsOk) return ApiProblems.From(parsed.Error!);
        var posted = parsed.Value!;
        if (posted.Length > 10_000) return ApiProblems.Validation("body", "at most 10000 alerts per request");
        var now = time.GetUtcNow();
        var events = new List<AlertEvent>(posted.Length);
        for (var i = 0; i < posted.Length; i++)
        {
            if (posted[i] is null) return ApiProblems.Validation($"[{i}]", "must be an object");
            var e = PrometheusMapping.ToEvent(posted[i], i, now);
            if (!e.IsOk) return ApiProblems.From(e.Error!);
            events.Add(e.Value!);
        }
        if (events.Count == 0) return TypedResults.Ok();
        var caller = c.Caller();
        var result = await alerts.IngestAsync(caller.TenantId, Core.Alerts.Actor.Integration(PrometheusMapping.Source), events, null, "", ct);
        return result.IsOk ? TypedResults.Ok() : ApiProblems.From(result.Error!);
    }
}
