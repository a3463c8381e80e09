using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Routing;

/// <summary>Routers: validation (the pure <see cref="RouterMatcher"/>), checks that targets exist in the tenant, and resolving an alert.</summary>
public sealed class RouterService(IRouterStore routers, IUserStore users, ITeamStore teams, TimeProvider time)
{
    public Task<Router?> GetAsync(Guid tenantId, long id, CancellationToken ct) => routers.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<Router>> ListAsync(Guid tenantId, CancellationToken ct) => routers.ListAsync(tenantId, ct);

    public async Task<Result<Router>> SaveAsync(Guid tenantId, Router router, CancellationToken ct)
    {
        var existing = router.Id == 0 ? null : await routers.GetAsync(tenantId, router.Id, ct);
        if (router.Id != 0 && existing is null) return CoreError.NotFound("router");
        if (RouterMatcher.Validate(router) is { } invalid) return invalid;
        for (var i = 0; i < router.Rules.Count; i++)
            if (await MissingAsync(tenantId, router.Rules[i].Target, $"rules[{i}].target", ct) is { } e) return e;
        if (router.Default is { } d && await MissingAsync(tenantId, d, "default", ct) is { } de) return de;
        var now = time.GetUtcNow();
        if (existing is null) return router with { Id = await routers.InsertAsync(tenantId, router, now, ct), CreatedAt = now, UpdatedAt = now };
        await routers.UpdateAsync(tenantId, router, now, ct);
        return router with { CreatedAt = existing.CreatedAt, UpdatedAt = now };
    }

    public async Task<Result<bool>> DeleteAsync(Guid tenantId, long id, CancellationToken ct) =>
        await routers.DeleteAsync(tenantId, id, ct) ? true : CoreError.NotFound("router");

    /// <summary>
    /// Where an alert sent to router <paramref name="id"/> lands. Errors name <paramref name="field"/>: unknown router,
    /// no rule matched and no default, or a target deleted since the router was saved.
    /// </summary>
    public async Task<Result<EscalationTarget>> ResolveAsync(Guid tenantId, long id, RouterInput input, string field, CancellationToken ct)
    {
        var router = await routers.GetAsync(tenantId, id, ct);
        if (router is null) return CoreError.Validation(field, $"router {id} does not exist");
        if (RouterMatcher.Match(router, input) is not { } target)
            return CoreError.Validation(field, $"router {id} ({router.Name}) has no rule matching this alert and no default target");
        if (await MissingAsync(tenantId, target, field, ct) is not null)
            return CoreError.Validation(field, $"router {id} ({router.Name}) routes to {Describe(target)}, which no longer exists");
        return target;
    }

    private async Task<CoreError?> MissingAsync(Guid tenantId, EscalationTarget t, string field, CancellationToken ct)
    {
        var exists = t.Kind switch
        {
            TargetKind.User => await users.GetAsync(tenantId, t.Id, ct) is not null,
            TargetKind.Team => await teams.GetAsync(tenantId, t.Id, ct) is not null,
            _ => false,
        };
        return exists ? null : CoreError.Validation(field, $"{Describe(t)} does not exist");
    }

    private static string Describe(EscalationTarget t) => $"{t.Kind.ToString().ToLowerInvariant()} {t.Id}";
}
