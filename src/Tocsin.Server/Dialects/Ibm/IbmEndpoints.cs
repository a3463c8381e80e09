using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Rules;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>
/// IBM Cloud Monitoring (Sysdig v1) alerts API under <c>/compat/ibm</c> (#7): a client changes only its base URL,
/// e.g. <c>https://us-south.monitoring.cloud.ibm.com</c> → <c>https://tocsin.example/compat/ibm</c>. Alerts are core rules,
/// so they are evaluated by the same <see cref="RuleEvaluator"/> as native ones.
/// </summary>
internal static class IbmEndpoints
{
    /// <summary>Seed: <c>notificationCount</c> is "the number of notifications that are sent for the alert during the past 2 weeks".</summary>
    public static readonly TimeSpan NotificationCountPeriod = TimeSpan.FromDays(14);

    public static RouteGroupBuilder MapIbm(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compat/ibm").WithTags("IBM Cloud Monitoring").ExcludeFromDescription();
        group.MapGet("/api/alerts", ListAsync).RequireAuthorization(IbmAuth.Read);
        group.MapGet("/api/alerts/{id}", GetAsync).RequireAuthorization(IbmAuth.Read);
        group.MapPost("/api/alerts", CreateAsync).RequireAuthorization(IbmAuth.Write);
        group.MapPut("/api/alerts/{id}", UpdateAsync).RequireAuthorization(IbmAuth.Write);
        group.MapDelete("/api/alerts/{id}", DeleteAsync).RequireAuthorization(IbmAuth.Write);
        group.MapIbmChannels();
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext c, RuleService rules, AlertService alerts, TimeProvider time, CancellationToken ct)
    {
        var period = IbmMapping.ToPeriod(c.Request.Query["from"].FirstOrDefault(), c.Request.Query["to"].FirstOrDefault());
        if (!period.IsOk) return IbmErrors.From(period.Error!);
        var team = IbmAuth.TeamScope(c.Request);
        if (!team.IsOk) return IbmErrors.From(team.Error!);
        var listed = (await rules.ListAsync(c.Caller().TenantId, ct)).Where(r => InTeam(r, team.Value) && IbmMapping.InPeriod(r, period.Value.To));
        var dtos = new List<IbmAlert>();
        foreach (var record in listed) dtos.Add(IbmMapping.ToDto(record, await NotificationCountAsync(alerts, record, time, ct)));
        return TypedResults.Json(new IbmAlertList(dtos), IbmJson.Default.IbmAlertList);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext c, RuleService rules, AlertService alerts, TimeProvider time, CancellationToken ct)
    {
        var found = await FindAsync(id, c, rules, ct);
        return found.IsOk ? await OkAsync(found.Value!, alerts, time, ct) : IbmErrors.From(found.Error!);
    }

    private static async Task<IResult> CreateAsync(HttpContext c, RuleService rules, AlertService alerts, TimeProvider time, CancellationToken ct)
    {
        var body = await ReadAsync(c, ct);
        if (!body.IsOk) return IbmErrors.From(body.Error!);
        var team = IbmAuth.TeamScope(c.Request);
        if (!team.IsOk) return IbmErrors.From(team.Error!);
        var compiled = Compile(IbmMapping.ToRule(body.Value!, c.Caller().TenantId, 0, team.Value), rules, out var invalid);
        if (compiled is null) return invalid!;
        var created = await rules.CreateAsync(compiled, ct);
        // TF's CreateAlert accepts only 200 (reference §2), not 201.
        return created.IsOk ? await OkAsync(created.Value!, alerts, time, ct) : IbmErrors.From(created.Error!);
    }

    /// <summary>Full replacement; the body's <c>version</c> must be the stored one (optimistic locking, stale → 409).</summary>
    private static async Task<IResult> UpdateAsync(string id, HttpContext c, RuleService rules, AlertService alerts, TimeProvider time, CancellationToken ct)
    {
        var existing = await FindAsync(id, c, rules, ct);
        if (!existing.IsOk) return IbmErrors.From(existing.Error!);
        var body = await ReadAsync(c, ct);
        if (!body.IsOk) return IbmErrors.From(body.Error!);
        if (body.Value!.Version is not { } version) return IbmErrors.From(CoreError.Validation("version", "is required: send the version the alert was read at"));
        var team = IbmAuth.TeamScope(c.Request).Value; // FindAsync has checked the header
        var compiled = Compile(IbmMapping.ToRule(body.Value!, c.Caller().TenantId, existing.Value!.Rule.Id, team), rules, out var invalid);
        if (compiled is null) return invalid!;
        var updated = await rules.UpdateAsync(compiled, version, ct);
        return updated.IsOk ? await OkAsync(updated.Value!, alerts, time, ct) : IbmErrors.From(updated.Error!);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext c, RuleService rules, CancellationToken ct)
    {
        var existing = await FindAsync(id, c, rules, ct);
        if (!existing.IsOk) return IbmErrors.From(existing.Error!);
        var deleted = await rules.DeleteAsync(c.Caller().TenantId, existing.Value!.Rule.Id, ct);
        return deleted.IsOk ? TypedResults.NoContent() : IbmErrors.From(deleted.Error!);
    }

    /// <summary>The alert by its IBM id in the caller's tenant (and team, if the request names one); anything else is 404.</summary>
    private static async Task<Result<RuleRecord>> FindAsync(string id, HttpContext c, RuleService rules, CancellationToken ct)
    {
        var team = IbmAuth.TeamScope(c.Request);
        if (!team.IsOk) return team.Error!;
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var ruleId)) return CoreError.NotFound("alert");
        var record = await rules.GetAsync(c.Caller().TenantId, ruleId, ct);
        return record is not null && InTeam(record, team.Value) ? record : CoreError.NotFound("alert");
    }

    private static bool InTeam(RuleRecord record, long? team) => team is null || record.Rule.TeamId == team;

    private static async Task<Result<IbmAlertRequest>> ReadAsync(HttpContext c, CancellationToken ct)
    {
        var envelope = await ApiBody.ReadJsonAsync(c.Request, IbmJson.Default.IbmAlertEnvelope, ct);
        if (!envelope.IsOk) return envelope.Error!;
        return envelope.Value!.Alert is { } alert ? alert : CoreError.Validation("alert", "is required: send {\"alert\": {...}}");
    }

    private static CompiledRule? Compile(Result<Rule> rule, RuleService rules, out IResult? invalid)
    {
        invalid = null;
        if (!rule.IsOk) { invalid = IbmErrors.From(rule.Error!); return null; }
        var validation = RuleValidator.Validate(rule.Value!);
        if (!validation.IsValid) { invalid = IbmErrors.Invalid(validation.Errors); return null; }
        if (rules.CheckRetention(rule.Value!) is { } tooLong) { invalid = IbmErrors.Invalid([tooLong]); return null; }
        return validation.Compiled;
    }

    private static async Task<IResult> OkAsync(RuleRecord record, AlertService alerts, TimeProvider time, CancellationToken ct) =>
        TypedResults.Json(new IbmAlertResponse(IbmMapping.ToDto(record, await NotificationCountAsync(alerts, record, time, ct))), IbmJson.Default.IbmAlertResponse);

    /// <summary>
    /// #7: what <c>notificationCount</c> counts here: the Tocsin alerts this rule raised (one per firing segment episode; a
    /// re-notification of an open alert is not a new one) created in the past two weeks. Channel deliveries are not counted
    /// until the notification outbox records them per rule.
    /// </summary>
    private static async Task<int> NotificationCountAsync(AlertService alerts, RuleRecord record, TimeProvider time, CancellationToken ct)
    {
        var counts = await alerts.CountAsync(record.Rule.TenantId, new AlertQuery
        {
            Sources = [RuleAlertMapping.Source],
            Labels = [new(RuleAlertMapping.RuleIdLabel, record.Rule.Id.ToString(CultureInfo.InvariantCulture))],
            CreatedFrom = time.GetUtcNow() - NotificationCountPeriod,
        }, ct);
        return (int)counts.Values.Sum();
    }
}
