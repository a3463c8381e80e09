using Tocsin.Core.Escalation;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Sources;

internal static class SourceEndpoints
{
    public static RouteGroupBuilder MapSources(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/sources").WithTags("Sources").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/sources").WithTags("Sources").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).WithSummary("List alert sources");
        read.MapGet("/{id:long}", GetAsync).WithSummary("Get an alert source");
        write.MapPost("/", CreateAsync).Accepts<SourceRequest>("application/json").WithSummary("Create a source; its integration key is generated");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<SourceRequest>("application/json").WithSummary("Replace a source (the integration key is kept)");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a source");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<SourceDto>((await s.ListSourcesAsync(c.Caller().TenantId, ct)).Select(SourceMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetSourceAsync(c.Caller().TenantId, id, ct), SourceMapping.ToDto, "source");

    private static Task<IResult> CreateAsync(HttpContext c, EscalationPolicyService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.SourceRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var source = SourceMapping.ToSource(body.Value!, id);
        if (!source.IsOk) return ApiProblems.From(source.Error!);
        var saved = await s.SaveSourceAsync(c.Caller().TenantId, source.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, SourceMapping.ToDto, x => $"/api/v1/sources/{x.Id}") : ApiResults.Ok(saved, SourceMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteSourceAsync(c.Caller().TenantId, id, ct));
}
