using Tocsin.Core.Escalation;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Sources;

internal static class MaintenanceWindowEndpoints
{
    public static RouteGroupBuilder MapMaintenanceWindows(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/maintenance-windows").WithTags("Sources").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/maintenance-windows").WithTags("Sources").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).WithSummary("List maintenance windows");
        read.MapGet("/{id:long}", GetAsync).WithSummary("Get a maintenance window");
        write.MapPost("/", CreateAsync).Accepts<MaintenanceWindowRequest>("application/json").WithSummary("Silence paging for sources over a time range");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<MaintenanceWindowRequest>("application/json").WithSummary("Replace a maintenance window");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a maintenance window");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<MaintenanceWindowDto>((await s.ListWindowsAsync(c.Caller().TenantId, ct)).Select(SourceMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetWindowAsync(c.Caller().TenantId, id, ct), SourceMapping.ToDto, "maintenance window");

    private static Task<IResult> CreateAsync(HttpContext c, EscalationPolicyService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.MaintenanceWindowRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var window = SourceMapping.ToWindow(body.Value!, id);
        if (!window.IsOk) return ApiProblems.From(window.Error!);
        var saved = await s.SaveWindowAsync(c.Caller().TenantId, window.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, SourceMapping.ToDto, x => $"/api/v1/maintenance-windows/{x.Id}") : ApiResults.Ok(saved, SourceMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteWindowAsync(c.Caller().TenantId, id, ct));
}
