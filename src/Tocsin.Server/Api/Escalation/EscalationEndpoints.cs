using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Escalation;

internal static class EscalationEndpoints
{
    public static RouteGroupBuilder MapEscalationPolicies(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/escalation-policies").WithTags("Escalation").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/escalation-policies").WithTags("Escalation").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).WithSummary("List escalation policies");
        read.MapGet("/{id:long}", GetAsync).WithSummary("Get an escalation policy");
        write.MapPost("/", CreateAsync).Accepts<PolicyRequest>("application/json").WithSummary("Create a policy");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<PolicyRequest>("application/json").WithSummary("Replace a policy (alerts in flight keep their snapshot)");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a policy; 409 when a source still uses it");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<PolicyDto>((await s.ListAsync(c.Caller().TenantId, ct)).Select(ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetAsync(c.Caller().TenantId, id, ct), ToDto, "escalation policy");

    private static Task<IResult> CreateAsync(HttpContext c, EscalationPolicyService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.PolicyRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var policy = ToPolicy(body.Value!, id);
        if (!policy.IsOk) return ApiProblems.From(policy.Error!);
        var saved = await s.SaveAsync(c.Caller().TenantId, policy.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, ToDto, p => $"/api/v1/escalation-policies/{p.Id}") : ApiResults.Ok(saved, ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, EscalationPolicyService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteAsync(c.Caller().TenantId, id, ct));

    internal static Result<EscalationPolicy> ToPolicy(PolicyRequest r, long id)
    {
        if (r.Repeat is < 0 or > 100) return CoreError.Validation("repeat", "must be 0 to 100");
        if (r.InitialDelayMinutes is < 0) return CoreError.Validation("initialDelayMinutes", "must be zero or more");
        var rules = new List<EscalationRule>();
        for (var i = 0; i < (r.Rules?.Count ?? 0); i++)
        {
            var rule = r.Rules![i];
            if (rule is null) return CoreError.Validation($"rules[{i}]", "must be an object");
            if (rule.TimeoutMinutes <= 0) return CoreError.Validation($"rules[{i}].timeoutMinutes", "must be greater than zero");
            var targets = new List<EscalationTarget>();
            for (var t = 0; t < (rule.Targets?.Count ?? 0); t++)
            {
                var target = rule.Targets![t];
                if (target is null || !OnCallMapping.TryKind(target.Kind, out var kind))
                    return CoreError.Validation($"rules[{i}].targets[{t}].kind", "must be user, schedule or team");
                targets.Add(new EscalationTarget(kind, target.Id));
            }
            rules.Add(new EscalationRule(targets, TimeSpan.FromMinutes(rule.TimeoutMinutes)));
        }
        return new EscalationPolicy(id, r.Name ?? "", rules) { Repeat = r.Repeat ?? 0, InitialDelay = TimeSpan.FromMinutes(r.InitialDelayMinutes ?? 0) };
    }

    internal static PolicyDto ToDto(EscalationPolicy p) => new(p.Id, p.Name, p.Repeat, (int)p.InitialDelay.TotalMinutes,
        p.Rules.Select(r => new RuleDto((int)r.Timeout.TotalMinutes, r.Targets.Select(t => new TargetDto(OnCallMapping.KindName(t.Kind), t.Id)).ToList())).ToList());
}
