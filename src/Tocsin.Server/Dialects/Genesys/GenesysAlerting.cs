using Tocsin.Core.Alerts;
using Tocsin.Core.OnCall;
using Tocsin.Core.Rules;
using Tocsin.Storage.Sql;

namespace Tocsin.Server.Dialects.Genesys;

/// <summary>A core rule that reads as an interaction-stats rule.</summary>
internal sealed record GenesysRuleView(RuleRecord Record, GenesysRuleShape Shape)
{
    public Rule Rule => Record.Rule;
}

/// <summary>
/// Loads what the Genesys endpoints show, from the core services only: interaction-stats rules are the core rules that map back
/// (<see cref="GenesysMapping.ToShape"/>), their alerts the core alerts the rules engine raised for them (<c>rule_id</c> label).
/// Read flags are the dialect's own (<see cref="SqlGenesysStore"/>).
/// </summary>
internal sealed class GenesysAlerting(RuleService rules, IRuleStore ruleStore, AlertService alerts, DirectoryService directory, SqlGenesysStore store)
{
    public async Task<List<GenesysRuleView>> RulesAsync(Guid tenantId, CancellationToken ct) =>
        (await rules.ListAsync(tenantId, ct)).Select(r => GenesysMapping.ToShape(r.Rule) is { } s ? new GenesysRuleView(r, s) : null)
            .OfType<GenesysRuleView>().OrderBy(v => v.Rule.Id).ToList();

    public async Task<GenesysRuleView?> RuleAsync(Guid tenantId, string? guid, CancellationToken ct) =>
        GenesysMapping.FromGuid(GenesysMapping.RuleKind, guid) is { } id && await rules.GetAsync(tenantId, id, ct) is { } record
        && GenesysMapping.ToShape(record.Rule) is { } shape ? new GenesysRuleView(record, shape) : null;

    /// <summary>inAlarm: some segment of the rule is firing.</summary>
    public async Task<bool> InAlarmAsync(Guid tenantId, long ruleId, CancellationToken ct) =>
        (await ruleStore.GetStatesAsync(tenantId, ruleId, ct)).Values.Any(s => s.Status == SegmentStatus.Firing);

    /// <summary>Every alert raised by an interaction-stats rule of the tenant, newest first.</summary>
    public async Task<List<(Alert Alert, GenesysRuleView Rule)>> AlertsAsync(Guid tenantId, CancellationToken ct)
    {
        var byId = (await RulesAsync(tenantId, ct)).ToDictionary(v => v.Rule.Id);
        var result = new List<(Alert, GenesysRuleView)>();
        var query = new AlertQuery { Sources = [RuleAlertMapping.Source], Limit = 500 };
        while (true)
        {
            var page = await alerts.ListAsync(tenantId, query, ct);
            foreach (var a in page.Items)
                if (GenesysMapping.RuleIdOf(a) is { } rid && byId.TryGetValue(rid, out var view)) result.Add((a, view));
            if (page.Next is null) return result;
            query = query with { After = page.Next };
        }
    }

    public async Task<(Alert Alert, GenesysRuleView Rule)?> AlertAsync(Guid tenantId, string? guid, CancellationToken ct)
    {
        if (GenesysMapping.FromGuid(GenesysMapping.AlertKind, guid) is not { } id || await alerts.GetAsync(tenantId, id, ct) is not { } alert) return null;
        if (GenesysMapping.RuleIdOf(alert) is not { } ruleId || await rules.GetAsync(tenantId, ruleId, ct) is not { } record) return null;
        return GenesysMapping.ToShape(record.Rule) is { } shape ? (alert, new GenesysRuleView(record, shape)) : null;
    }

    /// <summary>A caller bound to a user sees the alerts of rules that notify that user; an unbound key or client sees them all.</summary>
    public static bool IsVisibleTo(GenesysCaller caller, GenesysRuleView rule) =>
        caller.UserId is not { } u || rule.Rule.NotifyUserIds.Contains(u);

    public Task<IReadOnlyDictionary<long, bool>> UnreadFlagsAsync(GenesysCaller caller, CancellationToken ct) =>
        store.UnreadFlagsAsync(caller.TenantId, caller.Reader, ct);

    public Task SetUnreadAsync(GenesysCaller caller, long alertId, bool unread, DateTimeOffset now, CancellationToken ct) =>
        store.SetUnreadAsync(caller.TenantId, alertId, caller.Reader, unread, now, ct);

    public async Task<Tocsin.Core.Common.Result<bool>> DeleteAlertAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        var deleted = await alerts.DeleteAsync(tenantId, alertId, ct);
        if (deleted.IsOk) await store.ForgetAlertAsync(tenantId, alertId, ct);
        return deleted;
    }

    /// <summary>Users for <c>notificationUsers</c>: references, or with <c>expand</c> the directory's users (a deleted one stays a reference).</summary>
    public async Task<Func<IReadOnlyList<long>, List<GenesysUser>>> UserRendererAsync(Guid tenantId, bool expand, CancellationToken ct)
    {
        if (!expand) return ids => ids.Select(GenesysMapping.ToUserRef).ToList();
        var users = (await directory.ListUsersAsync(tenantId, ct)).ToDictionary(u => u.Id);
        return ids => ids.Select(id => users.TryGetValue(id, out var u) ? GenesysMapping.ToUser(u) : GenesysMapping.ToUserRef(id)).ToList();
    }

    /// <summary>The first notification user that is not in the tenant's directory; null when all exist.</summary>
    public async Task<long?> MissingUserAsync(Guid tenantId, IReadOnlyList<long> userIds, CancellationToken ct)
    {
        foreach (var id in userIds)
            if (await directory.GetUserAsync(tenantId, id, ct) is null) return id;
        return null;
    }
}
