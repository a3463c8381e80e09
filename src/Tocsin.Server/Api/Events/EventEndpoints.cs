using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Events;

internal static class EventEndpoints
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapPost("/events", IngestAsync)
            .WithTags("Events")
            .RequireAuthorization(Permission.EventsWrite)
            .Accepts<EventRequest[]>("application/json")
            .Returns<EventsAccepted>(StatusCodes.Status202Accepted, 400, 409, 413)
            .WithSummary("Send one event or an array of up to 1,000; answered after the data is committed");
        return api;
    }

    private static async Task<IResult> IngestAsync(HttpContext c, AlertService alerts, EscalationPolicyService sources, CancellationToken ct)
    {
        var read = await ApiBody.ReadAsync(c.Request, ct);
        if (!read.IsOk) return ApiProblems.From(read.Error!);
        using var body = read.Value!;
        var isArray = body.FirstToken == (byte)'[';
        Result<EventRequest[]> batch;
        if (isArray) batch = body.Deserialize(ApiJson.Default.EventRequestArray);
        else
        {
            var one = body.Deserialize(ApiJson.Default.EventRequest);
            batch = one.IsOk ? new[] { one.Value! } : one.Error!;
        }
        if (!batch.IsOk) return ApiProblems.From(batch.Error!);
        var requests = batch.Value!;
        if (requests.Length == 0) return ApiProblems.Validation("body", "at least one event is required");
        if (requests.Length > AlertRequestMapping.MaxBatch) return ApiProblems.Validation("body", $"at most {AlertRequestMapping.MaxBatch} events per request");

        var events = new AlertEvent[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            if (requests[i] is null) return ApiProblems.Validation($"[{i}]", "must be an object");
            var e = AlertRequestMapping.ToEvent(requests[i], isArray ? $"[{i}]." : "");
            if (!e.IsOk) return ApiProblems.From(e.Error!);
            events[i] = e.Value!;
            if (events[i].Alert is { } spec && (requests[i].SourceId is not null || requests[i].IntegrationKey is not null))
            {
                var source = await sources.ResolveSourceAsync(c.Caller().TenantId, requests[i].SourceId, requests[i].IntegrationKey, isArray ? $"[{i}]." : "", ct);
                if (!source.IsOk) return ApiProblems.From(source.Error!);
                events[i] = events[i] with { Alert = spec with { SourceId = source.Value!.Id } };
            }
        }
        string? idempotencyKey = c.Request.Headers["Idempotency-Key"];
        if (idempotencyKey is { Length: > AlertRequestMapping.MaxKey }) return ApiProblems.Validation("Idempotency-Key", $"must be at most {AlertRequestMapping.MaxKey} characters");
        var caller = c.Caller();
        var result = await alerts.IngestAsync(caller.TenantId, caller.Actor, events, string.IsNullOrEmpty(idempotencyKey) ? null : idempotencyKey,
            idempotencyKey is null ? "" : body.Sha256(), ct);
        if (!result.IsOk) return ApiProblems.From(result.Error!);
        var results = result.Value!;
        return TypedResults.Json(
            new EventsAccepted(results.Select(r => new EventResultDto(r.AlertId, r.Outcome.ToWire(), r.DedupKey)).ToList(),
                results.Where(r => r.AlertId is not null).Select(r => r.AlertId!.Value).Distinct().ToList()),
            ApiJson.Default.EventsAccepted, statusCode: StatusCodes.Status202Accepted);
    }
}
