using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Alerts;

internal static class AlertEndpoints
{
    public static RouteGroupBuilder MapAlerts(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsWrite);

        read.MapGet("/", ListAsync).Returns<Page<AlertDto>>(200, 400).WithSummary("List alerts (filters, sort, cursor pagination)");
        read.MapGet("/count", CountAsync).Returns<AlertCountsDto>(200, 400).WithSummary("Count alerts per status for the same filters as the list");
        read.MapGet("/{id:long}", GetAsync).Returns<AlertDto>(200, 404).WithSummary("Get one alert");
        read.MapGet("/{id:long}/timeline", TimelineAsync).Returns<Page<TimelineEntryDto>>(200, 400, 404).WithSummary("The alert's audit timeline, oldest first");

        write.MapPatch("/{id:long}", PatchAsync).Returns<AlertDto>(200, 400, 404).Accepts<AlertPatchRequest>("application/json").WithSummary("Edit title, details, priority, labels, tags");
        write.MapPost("/{id:long}/acknowledge", (long id, HttpContext c, AlertService s, CancellationToken ct) => ActAsync(id, AlertAction.Acknowledge, c, s, ct))
            .Accepts<AlertActionRequest>("application/json").Returns<AlertDto>(200, 400, 404, 409).WithSummary("Acknowledge (stops escalation)");
        write.MapPost("/{id:long}/unacknowledge", (long id, HttpContext c, AlertService s, CancellationToken ct) => ActAsync(id, AlertAction.Unacknowledge, c, s, ct))
            .Accepts<AlertActionRequest>("application/json").Returns<AlertDto>(200, 400, 404, 409).WithSummary("Return an acknowledged alert to triggered");
        write.MapPost("/{id:long}/resolve", (long id, HttpContext c, AlertService s, CancellationToken ct) => ActAsync(id, AlertAction.Resolve, c, s, ct))
            .Accepts<AlertActionRequest>("application/json").Returns<AlertDto>(200, 400, 404, 409).WithSummary("Resolve");
        write.MapPost("/{id:long}/archive", (long id, HttpContext c, AlertService s, CancellationToken ct) => ActAsync(id, AlertAction.Archive, c, s, ct))
            .Accepts<AlertActionRequest>("application/json").Returns<AlertDto>(200, 400, 404, 409).WithSummary("Archive a resolved or dropped alert");
        write.MapPost("/{id:long}/comments", CommentAsync).Returns<AlertDto>(201, 400, 404).Accepts<CommentRequest>("application/json").WithSummary("Add a comment to the timeline");
        write.MapDelete("/{id:long}", DeleteAsync).ReturnsNoContent(404).WithSummary("Delete an alert and its timeline");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, AlertService alerts, CancellationToken ct)
    {
        var query = AlertQueryParser.Parse(c.Request.Query);
        if (!query.IsOk) return ApiProblems.From(query.Error!);
        var q = query.Value!;
        var page = await alerts.ListAsync(c.Caller().TenantId, q, ct);
        var next = page.Next is null ? null : AlertQueryParser.EncodeCursor(page.Next, q.Sort, q.Descending);
        return TypedResults.Ok(new Page<AlertDto>(page.Items.Select(AlertDto.From).ToList(), next));
    }

    private static async Task<IResult> CountAsync(HttpContext c, AlertService alerts, CancellationToken ct)
    {
        var query = AlertQueryParser.Parse(c.Request.Query);
        if (!query.IsOk) return ApiProblems.From(query.Error!);
        var counts = await alerts.CountAsync(c.Caller().TenantId, query.Value!, ct);
        return TypedResults.Ok(new AlertCountsDto(counts.Values.Sum(), counts.ToDictionary(kv => kv.Key.ToWire(), kv => kv.Value)));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext c, AlertService alerts, CancellationToken ct) =>
        await alerts.GetAsync(c.Caller().TenantId, id, ct) is { } alert ? TypedResults.Ok(AlertDto.From(alert)) : ApiProblems.NotFound("alert");

    private static async Task<IResult> TimelineAsync(long id, HttpContext c, AlertService alerts, CancellationToken ct)
    {
        var limit = AlertQueryParser.ParseLimit(c.Request.Query, 100, AlertQueryParser.MaxLimit);
        if (!limit.IsOk) return ApiProblems.From(limit.Error!);
        var after = AlertQueryParser.DecodeAfterId(c.Request.Query);
        if (!after.IsOk) return ApiProblems.From(after.Error!);
        var page = await alerts.TimelineAsync(c.Caller().TenantId, id, after.Value, limit.Value, ct);
        if (page is null) return ApiProblems.NotFound("alert");
        return TypedResults.Ok(new Page<TimelineEntryDto>(page.Items.Select(TimelineEntryDto.From).ToList(),
            page.NextAfterId is { } n ? AlertQueryParser.EncodeAfterId(n) : null));
    }

    private static async Task<IResult> PatchAsync(long id, HttpContext c, AlertService alerts, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, ApiJson.Default.AlertPatchRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var patch = AlertRequestMapping.ToPatch(body.Value!);
        if (!patch.IsOk) return ApiProblems.From(patch.Error!);
        var caller = c.Caller();
        return ToResult(await alerts.UpdateAsync(caller.TenantId, id, patch.Value!, caller.Actor, ct));
    }

    private static async Task<IResult> ActAsync(long id, AlertAction action, HttpContext c, AlertService alerts, CancellationToken ct)
    {
        string? note = null;
        if (c.Request.ContentLength is > 0 || c.Request.Headers.TransferEncoding.Count > 0)
        {
            var body = await ApiBody.ReadJsonAsync(c.Request, ApiJson.Default.AlertActionRequest, ct);
            if (!body.IsOk) return ApiProblems.From(body.Error!);
            note = body.Value!.Note;
        }
        var caller = c.Caller();
        return ToResult(await alerts.ApplyAsync(caller.TenantId, id, action, caller.Actor, note, ct));
    }

    private static async Task<IResult> CommentAsync(long id, HttpContext c, AlertService alerts, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, ApiJson.Default.CommentRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        if (string.IsNullOrWhiteSpace(body.Value!.Text)) return ApiProblems.Validation("text", "must not be empty");
        if (body.Value.Text.Length > AlertRequestMapping.MaxDetails) return ApiProblems.Validation("text", $"must be at most {AlertRequestMapping.MaxDetails} characters");
        var caller = c.Caller();
        var result = await alerts.CommentAsync(caller.TenantId, id, body.Value.Text, caller.Actor, ct);
        return result.IsOk ? TypedResults.Created($"/api/v1/alerts/{id}/timeline", AlertDto.From(result.Value!)) : ApiProblems.From(result.Error!);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, AlertService alerts, CancellationToken ct)
    {
        var result = await alerts.DeleteAsync(c.Caller().TenantId, id, ct);
        return result.IsOk ? TypedResults.NoContent() : ApiProblems.From(result.Error!);
    }

    private static IResult ToResult(Result<Alert> r) => r.IsOk ? TypedResults.Ok(AlertDto.From(r.Value!)) : ApiProblems.From(r.Error!);
}
