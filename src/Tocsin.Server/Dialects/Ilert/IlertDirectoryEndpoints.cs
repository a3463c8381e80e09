using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;
using static Tocsin.Server.Dialects.Ilert.IlertEndpoints;

namespace Tocsin.Server.Dialects.Ilert;

/// <summary>
/// Users, escalation policies and alert sources (CRUD) and schedules (read) in ilert's shapes over the native directory
/// services, so an ilert client can set up a source and read its integration key without the native API (#8).
/// PUT is a full replace, as in ilert.
/// </summary>
internal static class IlertDirectoryEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/users", ListUsersAsync).RequireIlert(Permission.AlertsRead);
        api.MapPost("/users", (HttpContext c, DirectoryService d, CancellationToken ct) => SaveUserAsync(c, 0, d, ct)).RequireIlert(Permission.AlertsWrite);
        api.MapGet("/users/{id}", GetUserAsync).RequireIlert(Permission.AlertsRead);
        api.MapPut("/users/{id}", (HttpContext c, string id, DirectoryService d, CancellationToken ct) =>
            ParseId(id) is { } v ? SaveUserAsync(c, v, d, ct) : Task.FromResult(BadId(id))).RequireIlert(Permission.AlertsWrite);
        api.MapDelete("/users/{id}", (HttpContext c, string id, DirectoryService d, CancellationToken ct) =>
            DeleteAsync(id, x => d.DeleteUserAsync(c.Caller().TenantId, x, ct))).RequireIlert(Permission.AlertsWrite);

        api.MapGet("/escalation-policies", ListPoliciesAsync).RequireIlert(Permission.AlertsRead);
        api.MapPost("/escalation-policies", (HttpContext c, EscalationPolicyService p, IlertAlertLoader l, CancellationToken ct) => SavePolicyAsync(c, 0, p, l, ct)).RequireIlert(Permission.AlertsWrite);
        api.MapGet("/escalation-policies/{id}", GetPolicyAsync).RequireIlert(Permission.AlertsRead);
        api.MapPut("/escalation-policies/{id}", (HttpContext c, string id, EscalationPolicyService p, IlertAlertLoader l, CancellationToken ct) =>
            ParseId(id) is { } v ? SavePolicyAsync(c, v, p, l, ct) : Task.FromResult(BadId(id))).RequireIlert(Permission.AlertsWrite);
        api.MapDelete("/escalation-policies/{id}", (HttpContext c, string id, EscalationPolicyService p, CancellationToken ct) =>
            DeleteAsync(id, x => p.DeleteAsync(c.Caller().TenantId, x, ct))).RequireIlert(Permission.AlertsWrite);

        api.MapGet("/alert-sources", ListSourcesAsync).RequireIlert(Permission.AlertsRead);
        api.MapPost("/alert-sources", (HttpContext c, EscalationPolicyService p, IlertAlertLoader l, CancellationToken ct) => SaveSourceAsync(c, 0, p, l, ct)).RequireIlert(Permission.AlertsWrite);
        api.MapGet("/alert-sources/{id}", GetSourceAsync).RequireIlert(Permission.AlertsRead);
        api.MapPut("/alert-sources/{id}", (HttpContext c, string id, EscalationPolicyService p, IlertAlertLoader l, CancellationToken ct) =>
            ParseId(id) is { } v ? SaveSourceAsync(c, v, p, l, ct) : Task.FromResult(BadId(id))).RequireIlert(Permission.AlertsWrite);
        api.MapDelete("/alert-sources/{id}", (HttpContext c, string id, EscalationPolicyService p, CancellationToken ct) =>
            DeleteAsync(id, x => p.DeleteSourceAsync(c.Caller().TenantId, x, ct))).RequireIlert(Permission.AlertsWrite);

        api.MapGet("/schedules", ListSchedulesAsync).RequireIlert(Permission.AlertsRead);
        api.MapGet("/schedules/{id}", GetScheduleAsync).RequireIlert(Permission.AlertsRead);
    }

    // --- users ---

    private static async Task<IResult> ListUsersAsync(HttpContext c, DirectoryService directory, CancellationToken ct) =>
        Json((await directory.ListUsersAsync(c.Caller().TenantId, ct)).Select(IlertMapping.ToIlertUser).ToList(), IlertJson.Default.ListIlertUser);

    private static async Task<IResult> GetUserAsync(HttpContext c, string id, DirectoryService directory, CancellationToken ct)
    {
        if (ParseId(id) is not { } userId) return BadId(id);
        var user = await directory.GetUserAsync(c.Caller().TenantId, userId, ct);
        return user is null ? IlertErrors.Missing("User") : Json(IlertMapping.ToIlertUser(user), IlertJson.Default.IlertUser);
    }

    private static async Task<IResult> SaveUserAsync(HttpContext c, long id, DirectoryService directory, CancellationToken ct)
    {
        var body = await ReadAsync(c, IlertJson.Default.IlertUser, ct);
        if (!body.IsOk) return IlertErrors.From(body.Error!);
        var user = IlertMapping.FromIlertUser(body.Value!, id);
        if (!user.IsOk) return IlertErrors.From(user.Error!);
        var saved = await directory.SaveUserAsync(c.Caller().TenantId, user.Value!, ct);
        return saved.IsOk
            ? Json(IlertMapping.ToIlertUser(saved.Value!), IlertJson.Default.IlertUser, id == 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK)
            : IlertErrors.From(saved.Error!);
    }

    // --- escalation policies ---

    private static async Task<IResult> ListPoliciesAsync(HttpContext c, EscalationPolicyService policies, IlertAlertLoader loader, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        var users = await loader.UsersAsync(tenant, ct);
        return Json((await policies.ListAsync(tenant, ct)).Select(p => IlertMapping.ToIlertPolicy(p, users)).ToList(), IlertJson.Default.ListIlertEscalationPolicy);
    }

    private static async Task<IResult> GetPolicyAsync(HttpContext c, string id, EscalationPolicyService policies, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } policyId) return BadId(id);
        var tenant = c.Caller().TenantId;
        var policy = await policies.GetAsync(tenant, policyId, ct);
        return policy is null ? IlertErrors.Missing("Escalation policy")
            : Json(IlertMapping.ToIlertPolicy(policy, await loader.UsersAsync(tenant, ct)), IlertJson.Default.IlertEscalationPolicy);
    }

    private static async Task<IResult> SavePolicyAsync(HttpContext c, long id, EscalationPolicyService policies, IlertAlertLoader loader, CancellationToken ct)
    {
        var body = await ReadAsync(c, IlertJson.Default.IlertEscalationPolicy, ct);
        if (!body.IsOk) return IlertErrors.From(body.Error!);
        var policy = IlertMapping.FromIlertPolicy(body.Value!, id);
        if (!policy.IsOk) return IlertErrors.From(policy.Error!);
        var tenant = c.Caller().TenantId;
        var saved = await policies.SaveAsync(tenant, policy.Value!, ct);
        return saved.IsOk
            ? Json(IlertMapping.ToIlertPolicy(saved.Value!, await loader.UsersAsync(tenant, ct)), IlertJson.Default.IlertEscalationPolicy,
                id == 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK)
            : IlertErrors.From(saved.Error!);
    }

    // --- alert sources ---

    private static async Task<IResult> ListSourcesAsync(HttpContext c, EscalationPolicyService sources, IlertAlertLoader loader, CancellationToken ct)
    {
        var context = await loader.LoadAsync(c, c.Caller().TenantId, [], ct);
        return Json(context.Sources.Values.OrderBy(s => s.Id).Select(s => IlertMapping.ToIlertSource(s, context.Policies, context.Users, context.BaseUrl)).ToList(),
            IlertJson.Default.ListIlertAlertSource);
    }

    private static async Task<IResult> GetSourceAsync(HttpContext c, string id, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } sourceId) return BadId(id);
        var context = await loader.LoadAsync(c, c.Caller().TenantId, [], ct);
        return context.Sources.TryGetValue(sourceId, out var source)
            ? Json(IlertMapping.ToIlertSource(source, context.Policies, context.Users, context.BaseUrl), IlertJson.Default.IlertAlertSource)
            : IlertErrors.Missing("Alert source");
    }

    private static async Task<IResult> SaveSourceAsync(HttpContext c, long id, EscalationPolicyService sources, IlertAlertLoader loader, CancellationToken ct)
    {
        var body = await ReadAsync(c, IlertJson.Default.IlertAlertSource, ct);
        if (!body.IsOk) return IlertErrors.From(body.Error!);
        var source = IlertMapping.FromIlertSource(body.Value!, id);
        if (!source.IsOk) return IlertErrors.From(source.Error!);
        var tenant = c.Caller().TenantId;
        var saved = await sources.SaveSourceAsync(tenant, source.Value!, ct);
        if (!saved.IsOk) return IlertErrors.From(saved.Error!);
        var context = await loader.LoadAsync(c, tenant, [], ct);
        if (id == 0) c.Response.Headers.Location = $"/compat/ilert/api/alert-sources/{saved.Value!.Id}";
        return Json(IlertMapping.ToIlertSource(saved.Value!, context.Policies, context.Users, context.BaseUrl), IlertJson.Default.IlertAlertSource,
            id == 0 ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    // --- schedules (read-only) ---

    private static async Task<IResult> ListSchedulesAsync(HttpContext c, ScheduleService schedules, IlertAlertLoader loader, TimeProvider time, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        var users = await loader.UsersAsync(tenant, ct);
        var now = time.GetUtcNow();
        return Json((await schedules.ListAsync(tenant, ct)).Select(s => IlertMapping.ToIlertSchedule(s, users, now)).ToList(), IlertJson.Default.ListIlertSchedule);
    }

    private static async Task<IResult> GetScheduleAsync(HttpContext c, string id, ScheduleService schedules, IlertAlertLoader loader, TimeProvider time, CancellationToken ct)
    {
        if (ParseId(id) is not { } scheduleId) return BadId(id);
        var tenant = c.Caller().TenantId;
        var schedule = await schedules.GetAsync(tenant, scheduleId, ct);
        return schedule is null ? IlertErrors.Missing("Schedule")
            : Json(IlertMapping.ToIlertSchedule(schedule, await loader.UsersAsync(tenant, ct), time.GetUtcNow()), IlertJson.Default.IlertSchedule);
    }

    private static async Task<IResult> DeleteAsync(string id, Func<long, Task<Tocsin.Core.Common.Result<bool>>> delete)
    {
        if (ParseId(id) is not { } v) return BadId(id);
        var result = await delete(v);
        return result.IsOk ? TypedResults.NoContent() : IlertErrors.From(result.Error!);
    }
}
