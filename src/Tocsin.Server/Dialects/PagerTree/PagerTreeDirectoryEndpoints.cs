using System.Text.Json.Serialization.Metadata;
using Tocsin.Core.Common;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// PagerTree's <c>/user</c> and <c>/team</c> (create, retrieve, list; <c>/team/:id/current-oncall</c>, <c>/team/:id/members</c>)
/// and <c>/router</c> (create, list) under <c>/compat/pagertree</c> (#10), with PagerTree's auth and errors.
/// </summary>
internal static class PagerTreeDirectoryEndpoints
{
    public static RouteGroupBuilder MapPagerTreeDirectory(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compat/pagertree").WithTags("PagerTree");
        var read = group.MapGroup("").AddEndpointFilterFactory((_, next) => PagerTreeAuth.Require(next, Permission.AlertsRead));
        var write = group.MapGroup("").AddEndpointFilterFactory((_, next) => PagerTreeAuth.Require(next, Permission.AlertsWrite));
        write.MapPost("/user", CreateUserAsync).WithSummary("PagerTree: create a user (name, emails)");
        read.MapGet("/user", ListUsersAsync).WithSummary("PagerTree: list users (limit, offset|page)");
        read.MapGet("/user/{id}", GetUserAsync).WithSummary("PagerTree: retrieve a user");
        write.MapPost("/team", CreateTeamAsync).WithSummary("PagerTree: create a team (name, admin_ids, member_user_ids)");
        read.MapGet("/team", ListTeamsAsync).WithSummary("PagerTree: list teams (limit, offset|page)");
        read.MapGet("/team/{id}", GetTeamAsync).WithSummary("PagerTree: retrieve a team");
        read.MapGet("/team/{id}/current-oncall", CurrentOnCallAsync).WithSummary("PagerTree: who the team pages now, as events");
        read.MapGet("/team/{id}/members", MembersAsync).WithSummary("PagerTree: the team's users (limit, offset|page)");
        write.MapPost("/router", CreateRouterAsync).WithSummary("PagerTree: create a router (name, rules, default_receiver)");
        read.MapGet("/router", ListRoutersAsync).WithSummary("PagerTree: list routers (limit, offset|page)");
        return group;
    }

    private static async Task<IResult> CreateUserAsync(HttpContext c, PagerTreeDirectory s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, PagerTreeDirectoryJson.Default.PagerTreeUserRequest, ct);
        return !body.IsOk ? PagerTreeErrors.From(body.Error!) : Render(await s.CreateUserAsync(c.Caller().TenantId, body.Value!, ct), PagerTreeDirectoryJson.Default.PagerTreeUser);
    }

    private static async Task<IResult> GetUserAsync(string id, HttpContext c, PagerTreeDirectory s, CancellationToken ct) =>
        !PagerTreeMapping.TryParseUserId(id, out var n) ? NotFound("user")
            : Render(await s.GetUserAsync(c.Caller().TenantId, n, ct), PagerTreeDirectoryJson.Default.PagerTreeUser);

    private static async Task<IResult> ListUsersAsync(HttpContext c, PagerTreeDirectory s, CancellationToken ct) =>
        PagerTreePaging.Parse(c.Request.Query) is { IsOk: true } p
            ? TypedResults.Json(await s.ListUsersAsync(c.Caller().TenantId, p.Value, ct), PagerTreeDirectoryJson.Default.PagerTreePagePagerTreeUser)
            : PagerTreeErrors.From(PagerTreePaging.Parse(c.Request.Query).Error!);

    private static async Task<IResult> CreateTeamAsync(HttpContext c, PagerTreeDirectory s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, PagerTreeDirectoryJson.Default.PagerTreeTeamRequest, ct);
        return !body.IsOk ? PagerTreeErrors.From(body.Error!) : Render(await s.CreateTeamAsync(c.Caller().TenantId, body.Value!, ct), PagerTreeDirectoryJson.Default.PagerTreeTeam);
    }

    private static async Task<IResult> GetTeamAsync(string id, HttpContext c, PagerTreeDirectory s, CancellationToken ct) =>
        !PagerTreeMapping.TryParseTeamId(id, out var n) ? NotFound("team")
            : Render(await s.GetTeamAsync(c.Caller().TenantId, n, ct), PagerTreeDirectoryJson.Default.PagerTreeTeam);

    private static async Task<IResult> ListTeamsAsync(HttpContext c, PagerTreeDirectory s, CancellationToken ct) =>
        PagerTreePaging.Parse(c.Request.Query) is { IsOk: true } p
            ? TypedResults.Json(await s.ListTeamsAsync(c.Caller().TenantId, p.Value, ct), PagerTreeDirectoryJson.Default.PagerTreePagePagerTreeTeam)
            : PagerTreeErrors.From(PagerTreePaging.Parse(c.Request.Query).Error!);

    private static async Task<IResult> CurrentOnCallAsync(string id, HttpContext c, PagerTreeDirectory s, CancellationToken ct) =>
        !PagerTreeMapping.TryParseTeamId(id, out var n) ? NotFound("team")
            : Render(await s.CurrentOnCallAsync(c.Caller().TenantId, n, ct), PagerTreeDirectoryJson.Default.ListPagerTreeEvent);

    private static async Task<IResult> MembersAsync(string id, HttpContext c, PagerTreeDirectory s, CancellationToken ct)
    {
        if (!PagerTreeMapping.TryParseTeamId(id, out var n)) return NotFound("team");
        var paging = PagerTreePaging.Parse(c.Request.Query);
        if (!paging.IsOk) return PagerTreeErrors.From(paging.Error!);
        return Render(await s.MembersAsync(c.Caller().TenantId, n, paging.Value, ct), PagerTreeDirectoryJson.Default.PagerTreePagePagerTreeUser);
    }

    private static async Task<IResult> CreateRouterAsync(HttpContext c, PagerTreeDirectory s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, PagerTreeDirectoryJson.Default.PagerTreeRouterRequest, ct);
        return !body.IsOk ? PagerTreeErrors.From(body.Error!) : Render(await s.CreateRouterAsync(c.Caller().TenantId, body.Value!, ct), PagerTreeDirectoryJson.Default.PagerTreeRouter);
    }

    private static async Task<IResult> ListRoutersAsync(HttpContext c, PagerTreeDirectory s, CancellationToken ct) =>
        PagerTreePaging.Parse(c.Request.Query) is { IsOk: true } p
            ? TypedResults.Json(await s.ListRoutersAsync(c.Caller().TenantId, p.Value, ct), PagerTreeDirectoryJson.Default.PagerTreePagePagerTreeRouter)
            : PagerTreeErrors.From(PagerTreePaging.Parse(c.Request.Query).Error!);

    private static IResult NotFound(string what) => PagerTreeErrors.From(CoreError.NotFound(what));

    private static IResult Render<T>(Result<T> r, JsonTypeInfo<T> type) => r.IsOk ? TypedResults.Json(r.Value!, type) : PagerTreeErrors.From(r.Error!);
}
