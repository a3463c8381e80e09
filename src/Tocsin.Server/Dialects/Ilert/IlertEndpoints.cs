using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Ilert;

/// <summary>
/// ilert's REST API (alerts, events, users, escalation policies, alert sources, schedules) under <c>/compat/ilert/api</c>, so an
/// ilert client only changes its base URL (#8). Each handler binds, maps purely, calls a core service and maps back.
/// </summary>
internal static class IlertEndpoints
{
    public static RouteGroupBuilder MapIlert(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/compat/ilert/api").WithTags("ilert").ExcludeFromDescription();
        // Events: the alert source's integration key is the credential, as ilert's "security: []".
        api.MapPost("/events", (HttpContext c, AlertService a, EscalationPolicyService s, CancellationToken ct) => IngestEventAsync(c, null, a, s, ct));
        api.MapPost("/v1/events", (HttpContext c, AlertService a, EscalationPolicyService s, CancellationToken ct) => IngestEventAsync(c, null, a, s, ct));
        api.MapPost("/v1/events/{type}/{key}", (HttpContext c, string key, AlertService a, EscalationPolicyService s, CancellationToken ct) => IngestEventAsync(c, key, a, s, ct));

        api.MapGet("/alerts", ListAlertsAsync).RequireIlert(Permission.AlertsRead);
        api.MapPost("/alerts", CreateAlertAsync).RequireIlert(Permission.AlertsWrite);
        api.MapGet("/alerts/count", CountAlertsAsync).RequireIlert(Permission.AlertsRead);
        api.MapGet("/alerts/{id}", GetAlertAsync).RequireIlert(Permission.AlertsRead);
        api.MapGet("/alerts/{id}/suggested-responders", SuggestedRespondersAsync).RequireIlert(Permission.AlertsRead);
        api.MapPost("/alerts/{id}/responders", AddResponderAsync).RequireIlert(Permission.AlertsWrite);
        api.MapDelete("/alerts/{id}/responders/{userId}", RemoveResponderAsync).RequireIlert(Permission.AlertsWrite);
        api.MapPut("/alerts/{id}/assign", AssignAsync).RequireIlert(Permission.AlertsWrite);
        api.MapPut("/alerts/{id}/accept", (HttpContext c, string id, AlertService s, IlertAlertLoader l, CancellationToken ct) => TransitionAsync(c, id, AlertAction.Acknowledge, s, l, ct)).RequireIlert(Permission.AlertsWrite);
        api.MapPut("/alerts/{id}/resolve", (HttpContext c, string id, AlertService s, IlertAlertLoader l, CancellationToken ct) => TransitionAsync(c, id, AlertAction.Resolve, s, l, ct)).RequireIlert(Permission.AlertsWrite);
        api.MapGet("/alerts/{id}/notifications", NotificationsAsync).RequireIlert(Permission.AlertsRead);
        api.MapGet("/alerts/{id}/log-entries", LogEntriesAsync).RequireIlert(Permission.AlertsRead);
        IlertDirectoryEndpoints.Map(api);
        return api;
    }

    /// <summary>
    /// One ilert event into the same group-committed ingest as <c>/api/v1/events</c>. The key in the URL form wins over the body's.
    /// COMMENT has no core event: its comments are added to the open alert with the key.
    /// </summary>
    private static async Task<IResult> IngestEventAsync(HttpContext c, string? urlKey, AlertService alerts, EscalationPolicyService sources, CancellationToken ct)
    {
        var body = await ReadAsync(c, IlertJson.Default.IlertEvent, ct);
        if (!body.IsOk) return IlertErrors.From(body.Error!);
        var e = body.Value!;
        if ((urlKey ?? e.IntegrationKey ?? e.ApiKey) is not { Length: > 0 } key) return IlertErrors.Bad("integrationKey: is required");
        var kind = IlertMapping.FromIlertEventType(e.EventType);
        if (!kind.IsOk) return IlertErrors.From(kind.Error!);
        if (await sources.FindSourceByKeyAsync(key, ct) is not var (tenant, source)) return IlertErrors.Bad("integrationKey: no alert source has this integration key");
        var mapped = IlertMapping.FromIlertEvent(e, kind.Value, source);
        if (!mapped.IsOk) return IlertErrors.From(mapped.Error!);
        var actor = Actor.Integration(IlertMapping.Source);
        if (kind.Value == IlertMapping.EventKind.Comment) return await CommentAsync(c, tenant, mapped.Value!.DedupKey!, e.Comments ?? [], alerts, actor, ct);
        var result = await alerts.IngestAsync(tenant, actor, [mapped.Value!], null, "", ct);
        if (!result.IsOk) return IlertErrors.From(result.Error!);
        var r = result.Value![0];
        return Json(new IlertEventAccepted(r.DedupKey, r.AlertId is { } id ? $"{IlertAlertLoader.BaseUrl(c)}/compat/ilert/api/alerts/{id}" : null,
            IlertMapping.ToResponseCode(r.Outcome)), IlertJson.Default.IlertEventAccepted, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> CommentAsync(HttpContext c, Guid tenant, string key, List<IlertComment> comments, AlertService alerts, Actor actor, CancellationToken ct)
    {
        var open = await alerts.ListAsync(tenant, new AlertQuery { DedupKey = key, Statuses = [AlertStatus.Triggered, AlertStatus.Acknowledged, AlertStatus.Dropped], Limit = 1 }, ct);
        if (open.Items is not [var alert]) return Json(new IlertEventAccepted(key, null, IlertMapping.ToResponseCode(IngestOutcome.NotFound)), IlertJson.Default.IlertEventAccepted, StatusCodes.Status202Accepted);
        foreach (var comment in comments)
        {
            if (string.IsNullOrWhiteSpace(comment?.Content)) continue;
            var text = string.IsNullOrWhiteSpace(comment.Creator) ? comment.Content : $"{comment.Creator}: {comment.Content}";
            var done = await alerts.CommentAsync(tenant, alert.Id, text, actor, ct);
            if (!done.IsOk) return IlertErrors.From(done.Error!);
        }
        return Json(new IlertEventAccepted(key, $"{IlertAlertLoader.BaseUrl(c)}/compat/ilert/api/alerts/{alert.Id}", "COMMENT_ADDED"),
            IlertJson.Default.IlertEventAccepted, StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAlertsAsync(HttpContext c, AlertService alerts, IlertAlertLoader loader, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        var paging = IlertMapping.FromIlertPaging(c.Request.Query["start-index"], c.Request.Query["max-results"]);
        if (!paging.IsOk) return IlertErrors.From(paging.Error!);
        var query = IlertMapping.FromIlertQuery(c.Request.Query, await loader.UsersAsync(tenant, ct));
        if (!query.IsOk) return IlertErrors.From(query.Error!);
        var page = await alerts.ListAsync(tenant, query.Value! with { Offset = paging.Value.Start, Limit = paging.Value.Max }, ct);
        var context = await loader.LoadAsync(c, tenant, page.Items, ct);
        return Json(page.Items.Select(a => IlertMapping.ToIlertAlert(a, context)).ToList(), IlertJson.Default.ListIlertAlert);
    }

    private static async Task<IResult> CountAlertsAsync(HttpContext c, AlertService alerts, IlertAlertLoader loader, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        var query = IlertMapping.FromIlertQuery(c.Request.Query, await loader.UsersAsync(tenant, ct));
        if (!query.IsOk) return IlertErrors.From(query.Error!);
        var counts = await alerts.CountAsync(tenant, query.Value!, ct);
        return Json(new IlertCount(counts.Values.Sum()), IlertJson.Default.IlertCount);
    }

    private static async Task<IResult> GetAlertAsync(HttpContext c, string id, AlertService alerts, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var alert = await alerts.GetAsync(c.Caller().TenantId, alertId, ct);
        return alert is null ? IlertErrors.Missing("Alert") : await RenderAsync(c, alert, loader, ct);
    }

    /// <summary>
    /// ManualAlert: created like an event on its source (same escalation start), then the optional overrides run as their own
    /// commands: an escalation policy restarts escalation on it, <c>assignedTo</c> assigns, <c>responders</c> are added and notified.
    /// </summary>
    private static async Task<IResult> CreateAlertAsync(HttpContext c, AlertService alerts, AlertPeopleService people, EscalationPolicyService sources,
        IlertAlertLoader loader, CancellationToken ct)
    {
        var body = await ReadAsync(c, IlertJson.Default.IlertManualAlert, ct);
        if (!body.IsOk) return IlertErrors.From(body.Error!);
        var spec = IlertMapping.FromManualAlert(body.Value!);
        if (!spec.IsOk) return IlertErrors.From(spec.Error!);
        var caller = c.Caller();
        if (await sources.GetSourceAsync(caller.TenantId, spec.Value!.SourceId!.Value, ct) is not { } source)
            return IlertErrors.Bad($"alertSource: alert source {spec.Value.SourceId} does not exist");
        var created = await alerts.IngestAsync(caller.TenantId, caller.Actor, [new AlertEvent(EventAction.Trigger, null, spec.Value with { Source = source.Name })], null, "", ct);
        if (!created.IsOk) return IlertErrors.From(created.Error!);
        var alertId = created.Value![0].AlertId!.Value;
        var dto = body.Value!;
        var follow = new List<Func<Task<Result<Alert>>>>();
        if (dto.EscalationPolicy?.Id is { } policyId) follow.Add(() => people.AssignAsync(caller.TenantId, alertId, new AssignTarget(null, policyId, null), caller.Actor, ct));
        if (dto.AssignedTo?.Id is { } userId) follow.Add(() => people.AssignAsync(caller.TenantId, alertId, new AssignTarget(userId, null, null), caller.Actor, ct));
        foreach (var r in dto.Responders ?? [])
            if (r?.User?.Id is { } responder) follow.Add(() => people.AddResponderAsync(caller.TenantId, alertId, responder, caller.Actor, ct));
        foreach (var step in follow)
            if (await step() is { IsOk: false } failed) return IlertErrors.From(failed.Error!);
        var alert = await alerts.GetAsync(caller.TenantId, alertId, ct);
        c.Response.Headers.Location = $"/compat/ilert/api/alerts/{alertId}";
        return await RenderAsync(c, alert!, loader, ct, StatusCodes.Status201Created);
    }

    private static async Task<IResult> TransitionAsync(HttpContext c, string id, AlertAction action, AlertService alerts, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var caller = c.Caller();
        var result = await alerts.ApplyAsync(caller.TenantId, alertId, action, caller.Actor, null, ct);
        return result.IsOk ? await RenderAsync(c, result.Value!, loader, ct) : IlertErrors.From(result.Error!);
    }

    /// <summary>Exactly one of <c>user</c>, <c>policy</c>, <c>schedule</c> (ilert-go spells them <c>user-id</c>, <c>policy-id</c>, <c>schedule-id</c>).</summary>
    private static async Task<IResult> AssignAsync(HttpContext c, string id, AlertPeopleService people, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var q = c.Request.Query;
        string? Param(string a, string b) => q[a].FirstOrDefault() ?? q[b].FirstOrDefault();
        var given = new[] { ("user", Param("user", "user-id")), ("policy", Param("policy", "policy-id")), ("schedule", Param("schedule", "schedule-id")) }
            .Where(p => p.Item2 is not null).ToList();
        if (given.Count != 1) return IlertErrors.Bad("Provide exactly one of the query parameters user, policy or schedule");
        if (ParseId(given[0].Item2) is not { } target) return IlertErrors.Bad($"{given[0].Item1}: '{given[0].Item2}' is not a numeric id");
        var assign = given[0].Item1 switch
        {
            "user" => new AssignTarget(target, null, null),
            "policy" => new AssignTarget(null, target, null),
            _ => new AssignTarget(null, null, target),
        };
        var caller = c.Caller();
        var result = await people.AssignAsync(caller.TenantId, alertId, assign, caller.Actor, ct);
        return result.IsOk ? await RenderAsync(c, result.Value!, loader, ct) : IlertErrors.From(result.Error!);
    }

    /// <summary>
    /// ilert's assignable responders: the people the alert's policy would page (SUGGESTED), every other user (USER), the policies
    /// (ESCALATION_POLICY) and schedules (ON_CALL_SCHEDULE) that <c>assign</c> accepts. People already involved are disabled.
    /// </summary>
    private static async Task<IResult> SuggestedRespondersAsync(HttpContext c, string id, AlertService alerts, AlertPeopleService people,
        EscalationPolicyService policies, ScheduleService schedules, IlertAlertLoader loader, TimeProvider time, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var lang = IlertMapping.FromIlertLang(c.Request.Query["lang"]);
        if (!lang.IsOk) return IlertErrors.From(lang.Error!);
        var tenant = c.Caller().TenantId;
        var suggested = await people.SuggestAsync(tenant, alertId, time.GetUtcNow(), ct);
        if (!suggested.IsOk) return IlertErrors.From(suggested.Error!);
        var alert = (await alerts.GetAsync(tenant, alertId, ct))!;
        var involved = alert.Responders.Select(r => r.UserId).Append(alert.AssigneeUserId ?? 0).ToHashSet();
        var list = suggested.Value!.Select(s => new IlertSuggestedResponder("SUGGESTED", s.UserId, s.Name, false)).ToList();
        var suggestedIds = list.Select(s => s.Id).ToHashSet();
        list.AddRange((await loader.UsersAsync(tenant, ct)).Values.Where(u => !suggestedIds.Contains(u.Id)).OrderBy(u => u.Id)
            .Select(u => new IlertSuggestedResponder("USER", u.Id, u.Name, involved.Contains(u.Id))));
        list.AddRange((await policies.ListAsync(tenant, ct)).Select(p => new IlertSuggestedResponder("ESCALATION_POLICY", p.Id, p.Name, false)));
        list.AddRange((await schedules.ListAsync(tenant, ct)).Select(s => new IlertSuggestedResponder("ON_CALL_SCHEDULE", s.Id, s.Name, false)));
        return Json(list, IlertJson.Default.ListIlertSuggestedResponder);
    }

    /// <summary>Body <c>{"user":{"id":42}}</c> (ilert documents none; this is the AlertResponder shape). 405 when already a responder, as ilert.</summary>
    private static async Task<IResult> AddResponderAsync(HttpContext c, string id, AlertService alerts, AlertPeopleService people, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var body = await ReadAsync(c, IlertJson.Default.IlertResponder, ct);
        if (!body.IsOk) return IlertErrors.From(body.Error!);
        if (body.Value!.User?.Id is not { } userId) return IlertErrors.Bad("user: {\"id\": <user id>} is required");
        var caller = c.Caller();
        if (await alerts.GetAsync(caller.TenantId, alertId, ct) is not { } before) return IlertErrors.Missing("Alert");
        if (before.Responders.Any(r => r.UserId == userId))
            return IlertErrors.Error(StatusCodes.Status405MethodNotAllowed, IlertErrors.AlreadyExists, $"User {userId} is already a responder of this alert");
        var result = await people.AddResponderAsync(caller.TenantId, alertId, userId, caller.Actor, ct);
        if (!result.IsOk) return IlertErrors.From(result.Error!);
        var responder = result.Value!.Responders.First(r => r.UserId == userId);
        return Json(IlertMapping.ToIlertResponder(responder, await loader.UsersAsync(caller.TenantId, ct)), IlertJson.Default.IlertResponder, StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveResponderAsync(HttpContext c, string id, string userId, AlertPeopleService people, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        if (ParseId(userId) is not { } user) return IlertErrors.Bad($"user-id: '{userId}' is not a numeric user id");
        var caller = c.Caller();
        var result = await people.RemoveResponderAsync(caller.TenantId, alertId, user, caller.Actor, ct);
        return result.IsOk ? TypedResults.NoContent() : IlertErrors.From(result.Error!);
    }

    private static async Task<IResult> NotificationsAsync(HttpContext c, string id, AlertService alerts, IEscalationStore outbox, IlertAlertLoader loader, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var tenant = c.Caller().TenantId;
        if (await alerts.GetAsync(tenant, alertId, ct) is not { } alert) return IlertErrors.Missing("Alert");
        var users = await loader.UsersAsync(tenant, ct);
        var rows = await outbox.OutboxAsync(tenant, alertId, ct);
        return Json(rows.Select(m => IlertMapping.ToIlertNotification(m, alert, users)).ToList(), IlertJson.Default.ListIlertNotification);
    }

    private static async Task<IResult> LogEntriesAsync(HttpContext c, string id, AlertService alerts, CancellationToken ct)
    {
        if (ParseId(id) is not { } alertId) return BadId(id);
        var paging = IlertMapping.FromIlertPaging(c.Request.Query["start-index"], c.Request.Query["max-results"]);
        if (!paging.IsOk) return IlertErrors.From(paging.Error!);
        var lang = IlertMapping.FromIlertLang(c.Request.Query["lang"]);
        if (!lang.IsOk) return IlertErrors.From(lang.Error!);
        var (start, max) = paging.Value;
        var page = await alerts.TimelineAsync(c.Caller().TenantId, alertId, null, start + max, ct);
        if (page is null) return IlertErrors.Missing("Alert");
        return Json(page.Items.Skip(start).Select(e => IlertMapping.ToIlertLogEntry(e, lang.Value!)).ToList(), IlertJson.Default.ListIlertLogEntry);
    }

    // --- shared helpers ---

    private static async Task<IResult> RenderAsync(HttpContext c, Alert alert, IlertAlertLoader loader, CancellationToken ct, int status = StatusCodes.Status200OK)
    {
        var context = await loader.LoadAsync(c, alert.TenantId, [alert], ct);
        return Json(IlertMapping.ToIlertAlert(alert, context), IlertJson.Default.IlertAlert, status);
    }

    internal static IResult Json<T>(T value, JsonTypeInfo<T> type, int status = StatusCodes.Status200OK) =>
        TypedResults.Json(value, type, statusCode: status);

    /// <summary>Reads a JSON body; a parse error becomes ilert's 400, never the native problem+json.</summary>
    internal static async Task<Result<T>> ReadAsync<T>(HttpContext c, JsonTypeInfo<T> type, CancellationToken ct) where T : class
    {
        var read = await ApiBody.ReadJsonAsync(c.Request, type, ct);
        if (!read.IsOk) return read.Error!;
        return read.Value is null ? CoreError.Validation("body", "must be a JSON object") : read.Value;
    }

    internal static long? ParseId(string? id) =>
        long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    internal static IResult BadId(string id) => IlertErrors.Bad($"id: '{id}' is not a numeric id");
}
