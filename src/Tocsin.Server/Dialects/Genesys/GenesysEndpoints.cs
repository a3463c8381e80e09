using Tocsin.Core.Common;
using Tocsin.Core.Rules;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Genesys;

/// <summary>
/// Genesys Cloud AlertingApi (interaction stats), wire-compatible with the official SDKs pointed at <c>/compat/genesys</c>
/// (JS: <c>setGateway({..., path_params_api: '/compat/genesys', path_params_login: '/compat/genesys'})</c>).
/// </summary>
internal static class GenesysEndpoints
{
    public static RouteGroupBuilder MapGenesys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(GenesysMapping.Prefix).WithTags("Genesys");
        group.MapPost("/oauth/token", TokenAsync).DisableAntiforgery().WithSummary("OAuth client-credentials grant (HTTP Basic client id/secret)");

        var api = group.MapGroup("/api/v2/alerting").AddEndpointFilter(GenesysAuth.AuthenticateAsync);
        api.MapGet("/interactionstats/rules", ListRulesAsync).RequireGenesysPermission("alerting:rule:view").WithSummary("Get an interaction stats rule list");
        api.MapPost("/interactionstats/rules", CreateRuleAsync).RequireGenesysPermission("alerting:rule:add").WithSummary("Create an interaction stats rule");
        api.MapGet("/interactionstats/rules/{ruleId}", GetRuleAsync).RequireGenesysPermission("alerting:rule:view").WithSummary("Get an interaction stats rule");
        api.MapPut("/interactionstats/rules/{ruleId}", UpdateRuleAsync).RequireGenesysPermission("alerting:rule:edit").WithSummary("Update an interaction stats rule");
        api.MapDelete("/interactionstats/rules/{ruleId}", DeleteRuleAsync).RequireGenesysPermission("alerting:rule:delete").WithSummary("Delete an interaction stats rule");
        api.MapGet("/interactionstats/alerts", ListAlertsAsync).RequireGenesysPermission("alerting:alert:view").WithSummary("Get interaction stats alert list");
        api.MapGet("/interactionstats/alerts/unread", UnreadAsync).WithSummary("Gets user unread count of interaction stats alerts");
        api.MapGet("/interactionstats/alerts/{alertId}", GetAlertAsync).RequireGenesysPermission("alerting:alert:view").WithSummary("Get an interaction stats alert");
        api.MapPut("/interactionstats/alerts/{alertId}", UpdateAlertAsync).RequireGenesysPermission("alerting:alert:edit").WithSummary("Update an interaction stats alert read status");
        api.MapDelete("/interactionstats/alerts/{alertId}", DeleteAlertAsync).RequireGenesysPermission("alerting:alert:delete").WithSummary("Delete an interaction stats alert");
        api.MapGet("/alerts/active", ActiveAsync).WithSummary("Gets active alert count for a user");
        return group;
    }

    // ---- rules ----

    private static async Task<IResult> ListRulesAsync(HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        if (Query(c, out var expand, out var size, out var number) is { } bad) return GenesysErrors.Result(c, bad);
        var tenant = c.GenesysCaller().TenantId;
        var users = await g.UserRendererAsync(tenant, expand, ct);
        var dtos = new List<GenesysRule>();
        foreach (var v in await g.RulesAsync(tenant, ct))
            dtos.Add(GenesysMapping.ToDto(v.Rule, v.Shape, await g.InAlarmAsync(tenant, v.Rule.Id, ct), users(v.Rule.NotifyUserIds)));
        return TypedResults.Json(GenesysMapping.Page(dtos, size, number, GenesysMapping.RulesPath), GenesysJson.Default.GenesysContainerGenesysRule);
    }

    private static async Task<IResult> GetRuleAsync(string ruleId, HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        if (Query(c, out var expand, out _, out _) is { } bad) return GenesysErrors.Result(c, bad);
        var tenant = c.GenesysCaller().TenantId;
        if (await g.RuleAsync(tenant, ruleId, ct) is not { } v) return GenesysErrors.Result(c, GenesysFault.NotFound("interaction stats rule " + ruleId));
        return await RuleResultAsync(c, g, v.Record, expand, ct);
    }

    private static async Task<IResult> CreateRuleAsync(HttpContext c, GenesysAlerting g, RuleService rules, CancellationToken ct)
    {
        if (Query(c, out var expand, out _, out _) is { } bad) return GenesysErrors.Result(c, bad);
        var tenant = c.GenesysCaller().TenantId;
        var compiled = await CompileAsync(c, g, rules, tenant, null, ct);
        if (compiled.Fault is { } fault) return GenesysErrors.Result(c, fault);
        var created = await rules.CreateAsync(compiled.Rule!, ct);
        return created.IsOk ? await RuleResultAsync(c, g, created.Value!, expand, ct) : GenesysErrors.Result(c, GenesysFault.From(created.Error!));
    }

    /// <summary>Genesys PUT carries no version: last writer wins, as in Genesys; fields Genesys lacks keep their values.</summary>
    private static async Task<IResult> UpdateRuleAsync(string ruleId, HttpContext c, GenesysAlerting g, RuleService rules, CancellationToken ct)
    {
        if (Query(c, out var expand, out _, out _) is { } bad) return GenesysErrors.Result(c, bad);
        var tenant = c.GenesysCaller().TenantId;
        if (await g.RuleAsync(tenant, ruleId, ct) is not { } existing) return GenesysErrors.Result(c, GenesysFault.NotFound("interaction stats rule " + ruleId));
        var compiled = await CompileAsync(c, g, rules, tenant, existing.Rule, ct);
        if (compiled.Fault is { } fault) return GenesysErrors.Result(c, fault);
        var updated = await rules.UpdateAsync(compiled.Rule!, existing.Rule.Version, ct);
        return updated.IsOk ? await RuleResultAsync(c, g, updated.Value!, expand, ct) : GenesysErrors.Result(c, GenesysFault.From(updated.Error!));
    }

    private static async Task<IResult> DeleteRuleAsync(string ruleId, HttpContext c, GenesysAlerting g, RuleService rules, CancellationToken ct)
    {
        var tenant = c.GenesysCaller().TenantId;
        if (await g.RuleAsync(tenant, ruleId, ct) is not { } v) return GenesysErrors.Result(c, GenesysFault.NotFound("interaction stats rule " + ruleId));
        var deleted = await rules.DeleteAsync(tenant, v.Rule.Id, ct);
        return deleted.IsOk ? TypedResults.NoContent() : GenesysErrors.Result(c, GenesysFault.From(deleted.Error!));
    }

    // ---- alerts ----

    private static async Task<IResult> ListAlertsAsync(HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        if (Query(c, out var expand, out var size, out var number) is { } bad) return GenesysErrors.Result(c, bad);
        var caller = c.GenesysCaller();
        var users = await g.UserRendererAsync(caller.TenantId, expand, ct);
        var flags = await g.UnreadFlagsAsync(caller, ct);
        var dtos = (await g.AlertsAsync(caller.TenantId, ct)).Where(x => GenesysAlerting.IsVisibleTo(caller, x.Rule))
            .Select(x => GenesysMapping.ToDto(x.Alert, x.Rule.Rule, x.Rule.Shape, flags.GetValueOrDefault(x.Alert.Id, true), users(x.Rule.Rule.NotifyUserIds)))
            .ToList();
        return TypedResults.Json(GenesysMapping.Page(dtos, size, number, GenesysMapping.AlertsPath), GenesysJson.Default.GenesysContainerGenesysAlert);
    }

    private static async Task<IResult> GetAlertAsync(string alertId, HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        if (Query(c, out var expand, out _, out _) is { } bad) return GenesysErrors.Result(c, bad);
        var caller = c.GenesysCaller();
        if (await g.AlertAsync(caller.TenantId, alertId, ct) is not var (alert, rule)) return GenesysErrors.Result(c, GenesysFault.NotFound("interaction stats alert " + alertId));
        var users = await g.UserRendererAsync(caller.TenantId, expand, ct);
        var unread = (await g.UnreadFlagsAsync(caller, ct)).GetValueOrDefault(alert.Id, true);
        return TypedResults.Json(GenesysMapping.ToDto(alert, rule.Rule, rule.Shape, unread, users(rule.Rule.NotifyUserIds)), GenesysJson.Default.GenesysAlert);
    }

    private static async Task<IResult> UpdateAlertAsync(string alertId, HttpContext c, GenesysAlerting g, TimeProvider time, CancellationToken ct)
    {
        if (Query(c, out _, out _, out _) is { } bad) return GenesysErrors.Result(c, bad);
        var caller = c.GenesysCaller();
        if (await g.AlertAsync(caller.TenantId, alertId, ct) is not var (alert, _)) return GenesysErrors.Result(c, GenesysFault.NotFound("interaction stats alert " + alertId));
        var body = await ReadAsync(c, GenesysJson.Default.GenesysUnreadStatus, ct);
        if (body.Fault is { } fault) return GenesysErrors.Result(c, fault);
        if (body.Value!.Unread is not { } unread) return GenesysErrors.Result(c, GenesysFault.Missing("unread"));
        await g.SetUnreadAsync(caller, alert.Id, unread, time.GetUtcNow(), ct);
        return TypedResults.Json(new GenesysUnreadStatus(unread), GenesysJson.Default.GenesysUnreadStatus);
    }

    private static async Task<IResult> DeleteAlertAsync(string alertId, HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        var tenant = c.GenesysCaller().TenantId;
        if (await g.AlertAsync(tenant, alertId, ct) is not var (alert, _)) return GenesysErrors.Result(c, GenesysFault.NotFound("interaction stats alert " + alertId));
        var deleted = await g.DeleteAlertAsync(tenant, alert.Id, ct);
        return deleted.IsOk ? TypedResults.NoContent() : GenesysErrors.Result(c, GenesysFault.From(deleted.Error!));
    }

    /// <summary>The caller's unread interaction-stats alerts (active or ended).</summary>
    private static async Task<IResult> UnreadAsync(HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        var caller = c.GenesysCaller();
        var flags = await g.UnreadFlagsAsync(caller, ct);
        var count = (await g.AlertsAsync(caller.TenantId, ct)).Count(x => GenesysAlerting.IsVisibleTo(caller, x.Rule) && flags.GetValueOrDefault(x.Alert.Id, true));
        return TypedResults.Json(new GenesysCount(count), GenesysJson.Default.GenesysCount);
    }

    /// <summary>The caller's active interaction-stats alerts: those without an endDate.</summary>
    private static async Task<IResult> ActiveAsync(HttpContext c, GenesysAlerting g, CancellationToken ct)
    {
        var caller = c.GenesysCaller();
        var count = (await g.AlertsAsync(caller.TenantId, ct)).Count(x => GenesysAlerting.IsVisibleTo(caller, x.Rule) && GenesysMapping.EndDate(x.Alert) is null);
        return TypedResults.Json(new GenesysCount(count), GenesysJson.Default.GenesysCount);
    }

    // ---- OAuth ----

    /// <summary><c>POST /oauth/token</c>, form body <c>grant_type=client_credentials</c>, HTTP Basic client id and secret.</summary>
    private static async Task<IResult> TokenAsync(HttpContext c, GenesysOAuth oauth, CancellationToken ct)
    {
        if (!c.Request.HasFormContentType) return GenesysErrors.OAuth(c, 400, "invalid_request", "the body must be application/x-www-form-urlencoded with grant_type=client_credentials");
        var form = await c.Request.ReadFormAsync(ct);
        var grant = form["grant_type"].ToString();
        if (grant != "client_credentials") return GenesysErrors.OAuth(c, 400, "unsupported_grant_type", $"grant_type [{grant}] is not supported; use client_credentials");
        if (GenesysAuth.BasicCredentials(c.Request.Headers.Authorization) is not var (clientId, secret))
            return GenesysErrors.OAuth(c, 401, "invalid_client", "client authentication failed: send Authorization: Basic base64(client_id:client_secret)");
        var token = await oauth.IssueAsync(clientId, secret, ct);
        if (token is null) return GenesysErrors.OAuth(c, 401, "invalid_client", "client authentication failed");
        c.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(token, GenesysJson.Default.GenesysToken);
    }

    // ---- helpers ----

    private static async Task<IResult> RuleResultAsync(HttpContext c, GenesysAlerting g, RuleRecord record, bool expand, CancellationToken ct)
    {
        var tenant = record.Rule.TenantId;
        var shape = GenesysMapping.ToShape(record.Rule)!;
        var users = await g.UserRendererAsync(tenant, expand, ct);
        return TypedResults.Json(GenesysMapping.ToDto(record.Rule, shape, await g.InAlarmAsync(tenant, record.Rule.Id, ct), users(record.Rule.NotifyUserIds)),
            GenesysJson.Default.GenesysRule);
    }

    /// <summary>Body → core rule → validated, the same checks as the native rules API (validator, retention, users exist).</summary>
    private static async Task<(CompiledRule? Rule, GenesysFault? Fault)> CompileAsync(HttpContext c, GenesysAlerting g, RuleService rules, Guid tenant, Rule? existing, CancellationToken ct)
    {
        var body = await ReadAsync(c, GenesysJson.Default.GenesysRule, ct);
        if (body.Fault is { } bodyFault) return (null, bodyFault);
        if (GenesysMapping.TryToRule(body.Value!, tenant, existing?.Id ?? 0, out var mapped) is { } fault) return (null, fault);
        var rule = existing is null ? mapped : existing with
        {
            Name = mapped.Name, Description = mapped.Description, Enabled = mapped.Enabled, Condition = mapped.Condition, Filter = mapped.Filter,
            EvaluationStep = mapped.EvaluationStep, Window = mapped.Window, NotifyUserIds = mapped.NotifyUserIds, NotifyKinds = mapped.NotifyKinds, Critical = null, Warning = null, SegmentBy = [],
        };
        if (await g.MissingUserAsync(tenant, rule.NotifyUserIds, ct) is { } missing)
            return (null, GenesysFault.Invalid("notificationUsers", GenesysMapping.ToGuid(GenesysMapping.UserKind, missing), "the ids of users of this organisation"));
        var validation = RuleValidator.Validate(rule);
        if (!validation.IsValid) return (null, GenesysFault.BadRequest(validation.Errors[0].Field, $"{validation.Errors[0].Field}: {validation.Errors[0].Message}"));
        if (rules.CheckRetention(rule) is { } tooLong) return (null, GenesysFault.BadRequest(tooLong.Field, tooLong.Message));
        return (validation.Compiled, null);
    }

    private static async Task<(T? Value, GenesysFault? Fault)> ReadAsync<T>(HttpContext c, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, type, ct);
        if (body.IsOk) return (body.Value, null);
        var e = body.Error!;
        if (e.Field == "Content-Type") return (default, new GenesysFault(415, "unsupported.media.type", "Content-Type must be application/json."));
        return (default, e.Kind == ErrorKind.Validation
            ? GenesysFault.BadRequest(e.Field ?? "body", $"The request could not be understood by the server due to malformed syntax: {e.Field} {e.Message}")
            : GenesysFault.From(e));
    }

    private static GenesysFault? Query(HttpContext c, out bool expand, out int? pageSize, out int pageNumber)
    {
        var q = c.Request.Query;
        pageSize = null;
        pageNumber = 1;
        return GenesysMapping.TryParseExpand(q["expand"], out expand)
            ?? GenesysMapping.TryParsePaging(q.ContainsKey("pageSize") ? q["pageSize"].ToString() : null,
                q.ContainsKey("pageNumber") ? q["pageNumber"].ToString() : null, out pageSize, out pageNumber);
    }
}

/// <summary>Native admin API for the Genesys dialect's OAuth clients: <c>/api/v1/oauth-clients</c>.</summary>
internal static class GenesysOAuthClientEndpoints
{
    public static RouteGroupBuilder MapGenesysOAuthClients(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/oauth-clients").WithTags("Tenancy").RequireAuthorization(Permission.Admin);
        group.MapGet("/", ListAsync).WithSummary("List OAuth clients (Genesys client-credentials), never their secrets");
        group.MapPost("/", CreateAsync).WithSummary("Create an OAuth client; the secret is shown once");
        group.MapDelete("/{id:long}", RevokeAsync).WithSummary("Revoke an OAuth client and its tokens");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, Tocsin.Storage.Sql.SqlGenesysStore store, CancellationToken ct) =>
        TypedResults.Json((await store.ListClientsAsync(c.Caller().TenantId, ct)).Select(r => ToDto(r, null)).ToList(), GenesysJson.Default.ListGenesysOAuthClientDto);

    private static async Task<IResult> CreateAsync(HttpContext c, GenesysOAuth oauth, Tocsin.Core.OnCall.IUserStore users, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, GenesysJson.Default.GenesysOAuthClientRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var r = body.Value!;
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) return ApiProblems.Validation("name", "must be 1 to 200 characters");
        if (r.Permissions is null || r.Permissions.Count == 0) return ApiProblems.Validation("permissions", $"at least one of {string.Join(", ", Permission.All)}");
        foreach (var p in r.Permissions)
            if (!Permission.IsKnown(p)) return ApiProblems.Validation("permissions", $"unknown permission '{p}'; expected {string.Join(", ", Permission.All)}");
        if (r.UserId is { } userId && await users.GetAsync(c.Caller().TenantId, userId, ct) is null) return ApiProblems.Validation("userId", $"user {userId} does not exist");
        var (record, secret) = await oauth.CreateClientAsync(c.Caller().TenantId, r.Name, r.Permissions.Distinct().ToList(), r.UserId, ct);
        return TypedResults.Json(ToDto(record, secret), GenesysJson.Default.GenesysOAuthClientDto, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeAsync(long id, HttpContext c, Tocsin.Storage.Sql.SqlGenesysStore store, TimeProvider time, CancellationToken ct) =>
        await store.RevokeClientAsync(c.Caller().TenantId, id, time.GetUtcNow(), ct) ? TypedResults.NoContent() : ApiProblems.NotFound("OAuth client");

    private static GenesysOAuthClientDto ToDto(Tocsin.Storage.Sql.GenesysOAuthClientRecord r, string? secret) =>
        new(r.Id, r.Name, r.ClientId, secret, r.Permissions, r.UserId, r.CreatedAt, r.RevokedAt);
}
