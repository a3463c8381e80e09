using System.Globalization;
using Tocsin.Core.Common;
using Tocsin.Core.Conditions;
using Tocsin.Core.Rules;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Rules;

internal static class RuleEndpoints
{
    public static RouteGroupBuilder MapRules(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/rules").WithTags("Rules").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/rules").WithTags("Rules").RequireAuthorization(Permission.AlertsWrite);

        read.MapGet("/", ListAsync).Produces<RuleListDto>().WithSummary("List the tenant's rules");
        read.MapGet("/{id:long}", GetAsync).Produces<RuleDto>().WithSummary("Get one rule; the ETag is its version");
        read.MapGet("/{id:long}/state", StateAsync).Produces<RuleStateDto>().WithSummary("inAlarm, last evaluation and per-segment states");
        read.MapPost("/{id:long}/preview", PreviewAsync).Produces<RulePreviewDto>().WithSummary("Evaluate now against current data without storing or raising anything");
        read.MapGet("/{id:long}/series", WindowAsync).Produces<RuleWindowDto>()
            .WithSummary("The raw samples in the rule's window now, per segment and series, with threshold lines (maxPoints per series, 2-2000, default 300)");
        read.MapPost("/validate", Validate).Accepts<RuleValidateRequest>("application/json").Produces<RuleValidateResponse>()
            .WithSummary("Check a condition and/or a filter; errors carry position and expected");

        write.MapPost("/", CreateAsync).Accepts<RuleRequest>("application/json").Produces<RuleDto>(StatusCodes.Status201Created).WithSummary("Create a rule (name unique per tenant)");
        write.MapPut("/{id:long}", (long id, HttpContext c, RuleService s, CancellationToken ct) => UpdateAsync(id, replace: true, c, s, ct))
            .Accepts<RuleRequest>("application/json").Produces<RuleDto>().WithSummary("Replace a rule; needs If-Match or version, stale is 409");
        write.MapPatch("/{id:long}", (long id, HttpContext c, RuleService s, CancellationToken ct) => UpdateAsync(id, replace: false, c, s, ct))
            .Accepts<RuleRequest>("application/json").Produces<RuleDto>().WithSummary("Change some fields; needs If-Match or version, stale is 409");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a rule and resolve the alerts it holds open");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, RuleService rules, CancellationToken ct) =>
        TypedResults.Json(new RuleListDto((await rules.ListAsync(c.Caller().TenantId, ct)).Select(RuleRequestMapping.ToDto).ToList()), RuleJson.Default.RuleListDto);

    private static async Task<IResult> GetAsync(long id, HttpContext c, RuleService rules, CancellationToken ct) =>
        await rules.GetAsync(c.Caller().TenantId, id, ct) is { } record ? Ok(c, record) : ApiProblems.NotFound("rule");

    private static async Task<IResult> CreateAsync(HttpContext c, RuleService rules, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, RuleJson.Default.RuleRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var compiled = Compile(RuleRequestMapping.ToRule(body.Value!, null, c.Caller().TenantId, 0), rules, out var invalid);
        if (compiled is null) return invalid!;
        var created = await rules.CreateAsync(compiled, ct);
        if (!created.IsOk) return ApiProblems.From(created.Error!);
        var record = created.Value!;
        c.Response.Headers.ETag = RuleRequestMapping.ETag(record.Rule.Version);
        c.Response.Headers.Location = $"/api/v1/rules/{record.Rule.Id}";
        return TypedResults.Json(RuleRequestMapping.ToDto(record), RuleJson.Default.RuleDto, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateAsync(long id, bool replace, HttpContext c, RuleService rules, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, RuleJson.Default.RuleRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var expected = ExpectedVersion(c.Request, body.Value!);
        if (!expected.IsOk) return expected.Error!.Kind == ErrorKind.Conflict
            ? ApiProblems.Problem(StatusCodes.Status428PreconditionRequired, "Precondition required", expected.Error.Message, "If-Match")
            : ApiProblems.From(expected.Error);
        var tenant = c.Caller().TenantId;
        var existing = await rules.GetAsync(tenant, id, ct);
        if (existing is null) return ApiProblems.NotFound("rule");
        var compiled = Compile(RuleRequestMapping.ToRule(body.Value!, replace ? null : existing.Rule, tenant, id), rules, out var invalid);
        if (compiled is null) return invalid!;
        var updated = await rules.UpdateAsync(compiled, expected.Value, ct);
        return updated.IsOk ? Ok(c, updated.Value!) : ApiProblems.From(updated.Error!);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, RuleService rules, CancellationToken ct)
    {
        var deleted = await rules.DeleteAsync(c.Caller().TenantId, id, ct);
        return deleted.IsOk ? TypedResults.NoContent() : ApiProblems.From(deleted.Error!);
    }

    private static async Task<IResult> StateAsync(long id, HttpContext c, RuleService rules, CancellationToken ct)
    {
        if (await rules.StateAsync(c.Caller().TenantId, id, ct) is not var (record, states)) return ApiProblems.NotFound("rule");
        var compiled = RuleValidator.Validate(record.Rule).Compiled!;
        var segments = states.Values.OrderBy(s => s.SegmentKey, StringComparer.Ordinal).Select(s => RuleRequestMapping.ToDto(s, compiled)).ToList();
        return TypedResults.Json(new RuleStateDto(id, states.Values.Any(s => s.Status == SegmentStatus.Firing), record.LastEvaluatedAt, segments),
            RuleJson.Default.RuleStateDto);
    }

    private static async Task<IResult> PreviewAsync(long id, HttpContext c, RuleService rules, CancellationToken ct)
    {
        if (await rules.PreviewAsync(c.Caller().TenantId, id, ct) is not var (record, evaluation)) return ApiProblems.NotFound("rule");
        var compiled = RuleValidator.Validate(record.Rule).Compiled!;
        var segments = evaluation.States.Values.OrderBy(s => s.SegmentKey, StringComparer.Ordinal).Select(s => RuleRequestMapping.ToDto(s, compiled)).ToList();
        return TypedResults.Json(new RulePreviewDto(id, evaluation.EvaluatedAt, evaluation.InAlarm, segments, evaluation.Decisions.Select(RuleRequestMapping.ToDto).ToList()),
            RuleJson.Default.RulePreviewDto);
    }

    private static async Task<IResult> WindowAsync(long id, HttpContext c, RuleService rules, string? maxPoints, CancellationToken ct)
    {
        // Read as text so "abc" is a 400 naming the parameter, not the framework's bare 400.
        var max = RuleWindow.DefaultMaxPoints;
        if (maxPoints is not null && (!int.TryParse(maxPoints, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 2 or > RuleWindow.MaxPointsLimit))
            return ApiProblems.Validation("maxPoints", $"must be a whole number from 2 to {RuleWindow.MaxPointsLimit}");
        if (await rules.WindowAsync(c.Caller().TenantId, id, max, ct) is not var (record, window)) return ApiProblems.NotFound("rule");
        var compiled = RuleValidator.Validate(record.Rule).Compiled!;
        return TypedResults.Json(RuleWindowMapping.ToDto(id, window, compiled), RuleJson.Default.RuleWindowDto);
    }

    private static async Task<IResult> Validate(HttpContext c, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, RuleJson.Default.RuleValidateRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var (condition, filter) = (body.Value!.Condition, body.Value.Filter);
        if (condition is null && filter is null) return ApiProblems.Validation("body", "give a condition, a filter or both");
        var errors = new List<RuleErrorDto>();
        if (condition is not null && ConditionParser.ParseCondition(condition) is { Success: false } pc) errors.Add(RuleRequestMapping.ToErrorDto("condition", pc.Error));
        if (filter is not null && ConditionParser.ParseFilter(filter) is { Success: false } pf) errors.Add(RuleRequestMapping.ToErrorDto("filter", pf.Error));
        return TypedResults.Json(new RuleValidateResponse(errors.Count == 0, errors), RuleJson.Default.RuleValidateResponse);
    }

    private static CompiledRule? Compile(Result<Rule> rule, RuleService rules, out IResult? invalid)
    {
        invalid = null;
        if (!rule.IsOk) { invalid = ApiProblems.From(rule.Error!); return null; }
        var validation = RuleValidator.Validate(rule.Value!);
        if (!validation.IsValid) { invalid = RuleProblems.Invalid(validation.Errors); return null; }
        if (rules.CheckRetention(rule.Value!) is { } tooLong) { invalid = RuleProblems.Invalid([tooLong]); return null; }
        return validation.Compiled;
    }

    /// <summary>If-Match wins over a body <c>version</c>; having neither is refused so that no edit silently overwrites another.</summary>
    private static Result<int> ExpectedVersion(HttpRequest request, RuleRequest body)
    {
        var header = request.Headers.IfMatch.ToString();
        if (header.Length > 0)
            return RuleRequestMapping.TryParseETag(header, out var v) ? v : CoreError.Validation("If-Match", "must be the rule's version as an ETag, e.g. \"3\"");
        return body.Version is { } version ? version : CoreError.Conflict("send If-Match: \"<version>\" or a version in the body");
    }

    private static IResult Ok(HttpContext c, RuleRecord record)
    {
        c.Response.Headers.ETag = RuleRequestMapping.ETag(record.Rule.Version);
        return TypedResults.Json(RuleRequestMapping.ToDto(record), RuleJson.Default.RuleDto);
    }
}
