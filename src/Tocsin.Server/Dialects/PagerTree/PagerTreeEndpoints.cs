using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// PagerTree's v3 alert API (#10) under <c>/compat/pagertree</c>, so a PagerTree client only changes its base URL:
/// <c>/alert</c> create/list, <c>/alert/:id</c> retrieve/update/delete, and the acknowledge, reject, resolve, archive and
/// handoff actions. Auth and errors are PagerTree's (<see cref="PagerTreeAuth"/>, <see cref="PagerTreeErrors"/>).
/// </summary>
internal static class PagerTreeEndpoints
{
    public static RouteGroupBuilder MapPagerTree(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compat/pagertree").WithTags("PagerTree");
        var read = group.MapGroup("/alert").AddEndpointFilterFactory((_, next) => PagerTreeAuth.Require(next, Permission.AlertsRead));
        var write = group.MapGroup("/alert").AddEndpointFilterFactory((_, next) => PagerTreeAuth.Require(next, Permission.AlertsWrite));
        write.MapPost("/", CreateAsync).WithSummary("PagerTree: create an alert (title, destination_ids)");
        read.MapGet("/", ListAsync).WithSummary("PagerTree: list alerts (limit, offset|page, status, thirdparty_id, sort)");
        read.MapGet("/{id}", GetAsync).WithSummary("PagerTree: retrieve an alert");
        write.MapPut("/{id}", UpdateAsync).WithSummary("PagerTree: update an alert");
        write.MapDelete("/{id}", DeleteAsync).WithSummary("PagerTree: delete an alert (204 or 404)");
        write.MapPost("/{id}/acknowledge", (string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct) => ApplyAsync(id, AlertAction.Acknowledge, c, s, ct)).WithSummary("PagerTree: acknowledge (open or dropped)");
        write.MapPost("/{id}/resolve", (string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct) => ApplyAsync(id, AlertAction.Resolve, c, s, ct)).WithSummary("PagerTree: resolve (acknowledged only)");
        write.MapPost("/{id}/archive", (string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct) => ApplyAsync(id, AlertAction.Archive, c, s, ct)).WithSummary("PagerTree: archive (resolved or dropped)");
        write.MapPost("/{id}/reject", RejectAsync).WithSummary("PagerTree: reject (open; by a user with an open notification)");
        write.MapPost("/{id}/handoff", HandoffAsync).WithSummary("PagerTree: hand off to a user or team");
        // Anything else under the mount answers in PagerTree's shape, not the native problem+json.
        group.Map("/{**rest}", () => PagerTreeErrors.Error(StatusCodes.Status404NotFound, "not found")).ExcludeFromDescription();
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext c, PagerTreeAlerts s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, PagerTreeJson.Default.PagerTreeAlertRequest, ct);
        if (!body.IsOk) return PagerTreeErrors.From(body.Error!);
        var create = PagerTreeMapping.ToCreate(body.Value!);
        if (!create.IsOk) return PagerTreeErrors.From(create.Error!);
        return Render(await s.CreateAsync(c.Caller(), create.Value!, ct));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct) =>
        !PagerTreeMapping.TryParseAlertId(id, out var n) ? PagerTreeErrors.NotFound() : Render(await s.GetAsync(c.Caller().TenantId, n, ct));

    private static async Task<IResult> UpdateAsync(string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct)
    {
        if (!PagerTreeMapping.TryParseAlertId(id, out var n)) return PagerTreeErrors.NotFound();
        var body = await ApiBody.ReadJsonAsync(c.Request, PagerTreeJson.Default.PagerTreeAlertRequest, ct);
        if (!body.IsOk) return PagerTreeErrors.From(body.Error!);
        return Render(await s.UpdateAsync(c.Caller(), n, body.Value!, ct));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct)
    {
        if (!PagerTreeMapping.TryParseAlertId(id, out var n)) return PagerTreeErrors.NotFound();
        var deleted = await s.DeleteAsync(c.Caller(), n, ct);
        return deleted.IsOk ? TypedResults.NoContent() : PagerTreeErrors.From(deleted.Error!);
    }

    private static async Task<IResult> ApplyAsync(string id, AlertAction action, HttpContext c, PagerTreeAlerts s, CancellationToken ct) =>
        !PagerTreeMapping.TryParseAlertId(id, out var n) ? PagerTreeErrors.NotFound() : Render(await s.ApplyAsync(c.Caller(), n, action, ct));

    private static async Task<IResult> RejectAsync(string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct) =>
        !PagerTreeMapping.TryParseAlertId(id, out var n) ? PagerTreeErrors.NotFound() : Render(await s.RejectAsync(c.Caller(), n, ct));

    private static async Task<IResult> HandoffAsync(string id, HttpContext c, PagerTreeAlerts s, CancellationToken ct)
    {
        if (!PagerTreeMapping.TryParseAlertId(id, out var n)) return PagerTreeErrors.NotFound();
        var body = await ApiBody.ReadJsonAsync(c.Request, PagerTreeJson.Default.PagerTreeHandoffRequest, ct);
        if (!body.IsOk) return PagerTreeErrors.From(body.Error!);
        var to = PagerTreeMapping.ToHandoff(body.Value!);
        if (!to.IsOk) return PagerTreeErrors.From(to.Error!);
        return Render(await s.HandoffAsync(c.Caller(), n, to.Value, ct));
    }

    private static async Task<IResult> ListAsync(HttpContext c, PagerTreeAlerts s, CancellationToken ct)
    {
        var q = ParseList(c.Request.Query);
        if (!q.IsOk) return PagerTreeErrors.From(q.Error!);
        var (query, offset) = q.Value;
        if (query is null) return TypedResults.Json(new PagerTreeList([], false, 0), PagerTreeJson.Default.PagerTreeList);
        return TypedResults.Json(await s.ListAsync(c.Caller().TenantId, query, offset, ct), PagerTreeJson.Default.PagerTreeList);
    }

    /// <summary>
    /// PagerTree paging: <c>limit</c> 1..100 (default 10), <c>offset</c> (default 0) or <c>page</c> (1-based); filters
    /// <c>status</c> and <c>thirdparty_id</c>; <c>sort</c> createdAt or tinyId, <c>-</c> for descending (default -createdAt).
    /// A null query means "matches nothing" (a PagerTree status Tocsin never has).
    /// </summary>
    internal static Result<(AlertQuery? Query, int Offset)> ParseList(IQueryCollection q)
    {
        var limit = 10;
        if (q["limit"].ToString() is { Length: > 0 } l && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > PagerTreeMapping.MaxListItems))
            return CoreError.Validation("limit", $"'limit' must be a whole number from 1 to {PagerTreeMapping.MaxListItems}");
        var offset = 0;
        if (q["offset"].ToString() is { Length: > 0 } o)
        {
            if (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > 10_000)
                return CoreError.Validation("offset", "'offset' must be a whole number from 0 to 10000");
        }
        else if (q["page"].ToString() is { Length: > 0 } p)
        {
            if (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var page) || page < 1 || (long)(page - 1) * limit > 10_000)
                return CoreError.Validation("page", "'page' must be a whole number from 1, at most 10000 elements deep");
            offset = (page - 1) * limit;
        }
        (AlertSortField Field, bool Descending)? sort = q["sort"].ToString() switch
        {
            "" or "-createdAt" or "-created" => (AlertSortField.CreatedAt, true),
            "createdAt" or "created" => (AlertSortField.CreatedAt, false),
            "-tinyId" => (AlertSortField.Number, true),
            "tinyId" => (AlertSortField.Number, false),
            _ => null,
        };
        if (sort is not { } order) return CoreError.Validation("sort", "'sort' must be createdAt or tinyId, with a leading - for descending");
        var query = new AlertQuery { Sort = order.Field, Descending = order.Descending, Limit = limit, DedupKey = q["thirdparty_id"].ToString() is { Length: > 0 } t ? t : null };
        if (q["status"].ToString() is { Length: > 0 } st)
        {
            var status = PagerTreeMapping.ParseStatus(st);
            if (!status.IsOk) return status.Error!;
            if (status.Value is not { } core) return (null, offset);
            query = query with { Statuses = [core] };
        }
        return (query, offset);
    }

    private static IResult Render(Result<PagerTreeAlert> r) =>
        r.IsOk ? TypedResults.Json(r.Value!, PagerTreeJson.Default.PagerTreeAlert) : PagerTreeErrors.From(r.Error!);
}
