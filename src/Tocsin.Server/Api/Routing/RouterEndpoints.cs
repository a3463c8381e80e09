using Tocsin.Core.Routing;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Routing;

/// <summary>Native router CRUD (#10): ordered match rules on title/description/tags/urgency/meta that pick a team or user.</summary>
internal static class RouterEndpoints
{
    public static RouteGroupBuilder MapRouters(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/routers").WithTags("Routers").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/routers").WithTags("Routers").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).Produces<Page<RouterDto>>().WithSummary("List routers");
        read.MapGet("/{id:long}", GetAsync).Produces<RouterDto>().WithSummary("Get a router");
        write.MapPost("/", CreateAsync).Accepts<RouterRequest>("application/json").Produces<RouterDto>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).WithSummary("Create a router (rules: conditions → team or user; default)");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<RouterRequest>("application/json").Produces<RouterDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Replace a router");
        write.MapDelete("/{id:long}", DeleteAsync).Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Delete a router");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, RouterService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<RouterDto>((await s.ListAsync(c.Caller().TenantId, ct)).Select(RouterMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, RouterService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetAsync(c.Caller().TenantId, id, ct), RouterMapping.ToDto, "router");

    private static Task<IResult> CreateAsync(HttpContext c, RouterService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, RouterService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, RouterService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, RouterJson.Default.RouterRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var router = RouterMapping.ToRouter(body.Value!, id);
        if (!router.IsOk) return ApiProblems.From(router.Error!);
        var saved = await s.SaveAsync(c.Caller().TenantId, router.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, RouterMapping.ToDto, r => $"/api/v1/routers/{r.Id}") : ApiResults.Ok(saved, RouterMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, RouterService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteAsync(c.Caller().TenantId, id, ct));
}
