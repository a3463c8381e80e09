using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Tocsin.Core.Common;
using Tocsin.Core.Rules;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;
using Tocsin.Storage;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Twilio Flex alerts (#9) under <c>/compat/twilio</c>: InsightsRules over the core rules engine and the
/// NotificationConfigurations they reference. Clients change only the base URL (<c>https://flex-api.twilio.com</c>).
/// </summary>
internal static class TwilioEndpoints
{
    private const string Rules = "/v1/Instances/{InstanceSid}/InsightsRules";
    private const string Configs = "/v1/Instances/{InstanceSid}/NotificationConfigurations";

    public static RouteGroupBuilder MapTwilio(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/compat/twilio").WithTags("Twilio").AddEndpointFilter(TwilioAuth.FilterAsync);
        group.MapPost(Rules, CreateRuleAsync).WithSummary("Flex: create an alert rule");
        group.MapGet(Rules, ListRulesAsync).WithSummary("Flex: list alert rules (Active, MetricId, TaskQueueSids, Sort, paging)");
        group.MapGet(Rules + "/{Sid}", FetchRuleAsync).WithSummary("Flex: fetch an alert rule");
        group.MapPost(Rules + "/{Sid}", UpdateRuleAsync).WithSummary("Flex: update an alert rule (full replacement)");
        group.MapDelete(Rules + "/{Sid}", DeleteRuleAsync).WithSummary("Flex: delete an alert rule");
        group.MapPost(Configs, CreateConfigAsync).WithSummary("Flex: create a notification configuration");
        group.MapGet(Configs, ListConfigsAsync).WithSummary("Flex: list notification configurations");
        group.MapGet(Configs + "/{Ttid}", FetchConfigAsync).WithSummary("Flex: fetch a notification configuration");
        group.MapPost(Configs + "/{Ttid}", EditConfigAsync).WithSummary("Flex: edit a notification configuration (full replacement)");
        group.MapDelete(Configs + "/{Ttid}", DeleteConfigAsync).WithSummary("Flex: delete a notification configuration no rule uses");
        // The generated request delegate of MapFallback drops the fallback's last-resort order, so it is set here: without
        // it the fallback's constrained catch-all outranks the preflight route below.
        group.MapFallback((HttpContext c) => TwilioErrors.NotFound(c.Request)).WithOrder(int.MaxValue);
        // CORS preflight carries no credentials, so it is answered outside the authenticating group.
        app.MapMethods("/compat/twilio/{**path}", ["OPTIONS"], (HttpContext c) => { TwilioAuth.AddCors(c.Response); return TypedResults.NoContent(); });
        return group;
    }

    /// <summary>Native: the tenant's Flex instances beyond the default one (<c>GET /api/v1/tenant</c> lists them all).</summary>
    public static RouteGroupBuilder MapTwilioInstances(this RouteGroupBuilder api)
    {
        api.MapPost("/tenant/twilio/instances", async (HttpContext c, ITwilioStore store, TimeProvider time, CancellationToken ct) =>
        {
            var tenant = c.Caller().TenantId;
            var sid = TwilioSid.Instance + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            await store.CreateInstanceAsync(tenant, sid, time.GetUtcNow(), ct);
            return TypedResults.Json(new TwilioInstanceDto(TwilioAuth.AccountSid(tenant), sid), TwilioJson.Default.TwilioInstanceDto, statusCode: 201);
        }).WithTags("Tenancy").RequireAuthorization(Permission.Admin).WithSummary("Create another Twilio Flex instance SID for the tenant");
        return api;
    }

    private static async Task<IResult> CreateRuleAsync(string InstanceSid, HttpContext c, RuleService rules, ITwilioStore store, CancellationToken ct)
    {
        var prepared = await PrepareAsync(c, rules, 0, ct);
        if (!prepared.IsOk) return TwilioErrors.From(prepared.Error!, c.Request);
        var (compiled, body) = prepared.Value;
        var created = await rules.CreateAsync(compiled, ct);
        if (!created.IsOk) return TwilioErrors.From(TwilioMapping.FromCore(created.Error!), c.Request);
        var instance = TwilioAuth.Normalize(InstanceSid);
        await store.UpsertRuleAsync(new TwilioRuleRow(created.Value!.Rule.Id, created.Value.Rule.TenantId, instance, TwilioMapping.SerializeBody(body), body.NotifyMethodsId), ct);
        return RuleJson(c, created.Value, body, instance, 201);
    }

    private static async Task<IResult> ListRulesAsync(string InstanceSid, HttpContext c, RuleService rules, ITwilioStore store, CancellationToken ct)
    {
        var query = TwilioPaging.ParseRuleQuery(c.Request.Query);
        if (!query.IsOk) return TwilioErrors.From(query.Error!, c.Request);
        var q = query.Value!;
        var tenant = c.Caller().TenantId;
        var instance = TwilioAuth.Normalize(InstanceSid);
        var rows = (await store.ListRulesAsync(tenant, instance, ct)).ToDictionary(r => r.RuleId);
        var all = (await rules.ListAsync(tenant, ct)).Where(r => rows.ContainsKey(r.Rule.Id))
            .Select(r => (Record: r, Body: TwilioMapping.DeserializeBody(rows[r.Rule.Id].Body))).ToList();
        var selected = TwilioQuery.Apply(all, q).Select(x => TwilioMapping.ToDto(x.Record, x.Body, TwilioAuth.AccountSid(tenant), instance, BaseUrl(c))).ToList();
        var (items, meta) = TwilioPaging.Slice(selected, $"{BaseUrl(c)}/v1/Instances/{instance}/InsightsRules", TwilioPaging.Filters(q, c.Request.Query["Sort"].FirstOrDefault()),
            q.PageSize, q.Page, q.Offset, "rules", c.Request.Query.ContainsKey("PageToken"));
        return TypedResults.Json(new TwilioRulePage(meta, items), TwilioJson.Default.TwilioRulePage);
    }

    private static async Task<IResult> FetchRuleAsync(string InstanceSid, string Sid, HttpContext c, RuleService rules, ITwilioStore store, CancellationToken ct)
    {
        var found = await FindRuleAsync(InstanceSid, Sid, c, rules, store, ct);
        if (!found.IsOk) return TwilioErrors.From(found.Error!, c.Request);
        return RuleJson(c, found.Value.Record, found.Value.Body, TwilioAuth.Normalize(InstanceSid), 200);
    }

    private static async Task<IResult> UpdateRuleAsync(string InstanceSid, string Sid, HttpContext c, RuleService rules, ITwilioStore store, CancellationToken ct)
    {
        var found = await FindRuleAsync(InstanceSid, Sid, c, rules, store, ct);
        if (!found.IsOk) return TwilioErrors.From(found.Error!, c.Request);
        var prepared = await PrepareAsync(c, rules, found.Value.Record.Rule.Id, ct);
        if (!prepared.IsOk) return TwilioErrors.From(prepared.Error!, c.Request);
        var (compiled, body) = prepared.Value;
        var updated = await rules.UpdateAsync(compiled, found.Value.Record.Rule.Version, ct);
        if (!updated.IsOk) return TwilioErrors.From(TwilioMapping.FromCore(updated.Error!), c.Request);
        var instance = TwilioAuth.Normalize(InstanceSid);
        await store.UpsertRuleAsync(new TwilioRuleRow(updated.Value!.Rule.Id, updated.Value.Rule.TenantId, instance, TwilioMapping.SerializeBody(body), body.NotifyMethodsId), ct);
        return RuleJson(c, updated.Value, body, instance, 200);
    }

    private static async Task<IResult> DeleteRuleAsync(string InstanceSid, string Sid, HttpContext c, RuleService rules, ITwilioStore store, CancellationToken ct)
    {
        var found = await FindRuleAsync(InstanceSid, Sid, c, rules, store, ct);
        if (!found.IsOk) return TwilioErrors.From(found.Error!, c.Request);
        var deleted = await rules.DeleteAsync(c.Caller().TenantId, found.Value.Record.Rule.Id, ct); // the twilio_rules row cascades
        return deleted.IsOk ? TypedResults.NoContent() : TwilioErrors.From(deleted.Error!, c.Request);
    }

    private static async Task<IResult> CreateConfigAsync(string InstanceSid, HttpContext c, ITwilioStore store, TimeProvider time, CancellationToken ct)
    {
        var destinations = await ReadDestinationsAsync(c, ct);
        if (!destinations.IsOk) return TwilioErrors.From(destinations.Error!, c.Request);
        var tenant = c.Caller().TenantId;
        var instance = TwilioAuth.Normalize(InstanceSid);
        if ((await store.ListConfigsAsync(tenant, instance, ct)).Count >= TwilioMapping.MaxConfigsPerInstance)
            return TwilioErrors.Invalid("destinations", $"a Flex instance holds at most {TwilioMapping.MaxConfigsPerInstance} notification configurations");
        var now = time.GetUtcNow();
        var row = new TwilioConfigRow(TwilioMapping.NewTtid(now, RandomNumberGenerator.GetBytes(10)), tenant, instance,
            JsonSerializer.Serialize(destinations.Value!, TwilioJson.Default.TwilioDestinations), now, now);
        await store.CreateConfigAsync(row, ct);
        return TypedResults.Json(TwilioMapping.ToDto(row, TwilioAuth.AccountSid(tenant), BaseUrl(c)), TwilioJson.Default.TwilioConfig, statusCode: 201);
    }

    private static async Task<IResult> ListConfigsAsync(string InstanceSid, HttpContext c, ITwilioStore store, CancellationToken ct)
    {
        var position = TwilioPaging.ParsePosition(c.Request.Query);
        if (!position.IsOk) return TwilioErrors.From(position.Error!, c.Request);
        var (size, page, offset) = position.Value;
        var tenant = c.Caller().TenantId;
        var instance = TwilioAuth.Normalize(InstanceSid);
        var all = (await store.ListConfigsAsync(tenant, instance, ct)).Select(r => TwilioMapping.ToDto(r, TwilioAuth.AccountSid(tenant), BaseUrl(c))).ToList();
        var (items, meta) = TwilioPaging.Slice(all, $"{BaseUrl(c)}/v1/Instances/{instance}/NotificationConfigurations", [], size, page, offset,
            "notification_configurations", c.Request.Query.ContainsKey("PageToken"));
        return TypedResults.Json(new TwilioConfigPage(meta, items), TwilioJson.Default.TwilioConfigPage);
    }

    private static async Task<IResult> FetchConfigAsync(string InstanceSid, string Ttid, HttpContext c, ITwilioStore store, CancellationToken ct)
    {
        var found = await FindConfigAsync(InstanceSid, Ttid, c, store, ct);
        if (!found.IsOk) return TwilioErrors.From(found.Error!, c.Request);
        return TypedResults.Json(TwilioMapping.ToDto(found.Value!, TwilioAuth.AccountSid(found.Value!.TenantId), BaseUrl(c)), TwilioJson.Default.TwilioConfig);
    }

    private static async Task<IResult> EditConfigAsync(string InstanceSid, string Ttid, HttpContext c, ITwilioStore store, TimeProvider time, CancellationToken ct)
    {
        var found = await FindConfigAsync(InstanceSid, Ttid, c, store, ct);
        if (!found.IsOk) return TwilioErrors.From(found.Error!, c.Request);
        var destinations = await ReadDestinationsAsync(c, ct);
        if (!destinations.IsOk) return TwilioErrors.From(destinations.Error!, c.Request);
        var body = JsonSerializer.Serialize(destinations.Value!, TwilioJson.Default.TwilioDestinations);
        var now = time.GetUtcNow();
        if (!await store.UpdateConfigAsync(found.Value!.TenantId, found.Value.Ttid, body, now, ct)) return TwilioErrors.NotFound(c.Request);
        return TypedResults.Json(TwilioMapping.ToDto(found.Value with { Body = body, UpdatedAt = now }, TwilioAuth.AccountSid(found.Value.TenantId), BaseUrl(c)), TwilioJson.Default.TwilioConfig);
    }

    private static async Task<IResult> DeleteConfigAsync(string InstanceSid, string Ttid, HttpContext c, ITwilioStore store, CancellationToken ct)
    {
        var found = await FindConfigAsync(InstanceSid, Ttid, c, store, ct);
        if (!found.IsOk) return TwilioErrors.From(found.Error!, c.Request);
        var users = await store.RulesUsingConfigAsync(found.Value!.TenantId, found.Value.Ttid, ct);
        if (users.Count > 0)
            return TwilioErrors.Invalid("Ttid", $"the notification configuration is used by rules {string.Join(", ", users.Select(id => TwilioSid.ForId(TwilioSid.Rule, id)))}; change or delete them first");
        await store.DeleteConfigAsync(found.Value.TenantId, found.Value.Ttid, ct);
        return TypedResults.NoContent();
    }

    /// <summary>Body → vendor fields → core rule → validated and compiled; every error names a Twilio parameter.</summary>
    private static async Task<Result<(CompiledRule, TwilioRuleBody)>> PrepareAsync(HttpContext c, RuleService rules, long id, CancellationToken ct)
    {
        var request = await ReadJsonAsync(c, TwilioJson.Default.TwilioRuleRequest, ct);
        if (!request.IsOk) return request.Error!;
        var body = TwilioMapping.ToBody(request.Value!);
        if (!body.IsOk) return body.Error!;
        var rule = TwilioMapping.ToRule(body.Value!, request.Value!.RuleFriendlyName!, request.Value.Active!.Value, c.Caller().TenantId, id);
        var validation = RuleValidator.Validate(rule);
        if (!validation.IsValid) return TwilioMapping.FromValidation(validation.Errors[0]);
        if (rules.CheckRetention(rule) is { } tooLong) return TwilioMapping.FromValidation(tooLong);
        return (validation.Compiled!, body.Value!);
    }

    private static async Task<Result<(RuleRecord Record, TwilioRuleBody Body)>> FindRuleAsync(string instanceSid, string sid, HttpContext c, RuleService rules, ITwilioStore store, CancellationToken ct)
    {
        if (!TwilioSid.IsValid(sid, TwilioSid.Rule)) return CoreError.Validation("Sid", $"'{sid}' is not an InsightsRule SID (QY followed by 32 hex digits)");
        if (!TwilioSid.TryParseId(TwilioAuth.Normalize(sid), TwilioSid.Rule, out var id)) return CoreError.NotFound("rule");
        var tenant = c.Caller().TenantId;
        var row = await store.GetRuleAsync(tenant, id, ct);
        if (row is null || row.InstanceSid != TwilioAuth.Normalize(instanceSid)) return CoreError.NotFound("rule");
        var record = await rules.GetAsync(tenant, id, ct);
        if (record is null) return CoreError.NotFound("rule");
        return (record, TwilioMapping.DeserializeBody(row.Body));
    }

    private static async Task<Result<TwilioConfigRow>> FindConfigAsync(string instanceSid, string ttid, HttpContext c, ITwilioStore store, CancellationToken ct)
    {
        if (!TwilioMapping.IsTtid(ttid)) return CoreError.Validation("Ttid", $"'{ttid}' is not a notification configuration ttid");
        var row = await store.GetConfigAsync(c.Caller().TenantId, ttid, ct);
        return row is null || row.InstanceSid != TwilioAuth.Normalize(instanceSid) ? CoreError.NotFound("notification configuration") : row;
    }

    private static async Task<Result<TwilioDestinations>> ReadDestinationsAsync(HttpContext c, CancellationToken ct)
    {
        var request = await ReadJsonAsync(c, TwilioJson.Default.TwilioConfigRequest, ct);
        return request.IsOk ? TwilioMapping.ToDestinations(request.Value!) : request.Error!;
    }

    /// <summary>The seed documents JSON bodies (snake_case) for both resources; anything else is a 400 naming Content-Type.</summary>
    private static async Task<Result<T>> ReadJsonAsync<T>(HttpContext c, JsonTypeInfo<T> type, CancellationToken ct)
    {
        if (c.Request.ContentType is not { } contentType || !contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            return CoreError.Validation("Content-Type", "must be application/json, as the Flex alerts API documents for this resource");
        var read = await ApiBody.ReadAsync(c.Request, ct);
        if (!read.IsOk) return read.Error!;
        using var body = read.Value!;
        return body.Deserialize(type);
    }

    private static IResult RuleJson(HttpContext c, RuleRecord record, TwilioRuleBody body, string instance, int status) =>
        TypedResults.Json(TwilioMapping.ToDto(record, body, TwilioAuth.AccountSid(record.Rule.TenantId), instance, BaseUrl(c)), TwilioJson.Default.TwilioRule, statusCode: status);

    /// <summary>Links point back at this server, so clients that follow <c>url</c> and <c>next_page_url</c> stay here.</summary>
    private static string BaseUrl(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}{c.Request.PathBase}/compat/twilio";
}
