using Tocsin.Core.OnCall;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.OnCall;

internal static class TeamEndpoints
{
    public static RouteGroupBuilder MapTeams(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/teams").WithTags("Teams").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).WithSummary("List teams");
        read.MapGet("/{id:long}", GetAsync).WithSummary("Get a team");
        write.MapPost("/", CreateAsync).Accepts<TeamRequest>("application/json").WithSummary("Create a team (members: users, schedules, teams; no cycles)");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<TeamRequest>("application/json").WithSummary("Replace a team");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a team; 409 when a policy or team still uses it");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, DirectoryService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<TeamDto>((await s.ListTeamsAsync(c.Caller().TenantId, ct)).Select(OnCallMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetTeamAsync(c.Caller().TenantId, id, ct), OnCallMapping.ToDto, "team");

    private static Task<IResult> CreateAsync(HttpContext c, DirectoryService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.TeamRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var team = OnCallMapping.ToTeam(body.Value!, id);
        if (!team.IsOk) return ApiProblems.From(team.Error!);
        var saved = await s.SaveTeamAsync(c.Caller().TenantId, team.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, OnCallMapping.ToDto, t => $"/api/v1/teams/{t.Id}") : ApiResults.Ok(saved, OnCallMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteTeamAsync(c.Caller().TenantId, id, ct));
}
