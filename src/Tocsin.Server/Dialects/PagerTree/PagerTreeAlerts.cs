using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using Tocsin.Core.Routing;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// Sequences core calls for the PagerTree endpoints (#10): checks destinations, ingests, routes, and enforces PagerTree's
/// stricter action preconditions (acknowledge only open/dropped, reject only open, resolve only acknowledged, archive only
/// resolved/dropped) before handing the action to the core, which applies its own state machine again.
/// </summary>
internal sealed class PagerTreeAlerts(AlertService alerts, AlertPeopleService people, DirectoryService directory, EscalationPolicyService policies, RouterService routers)
{
    public async Task<Result<PagerTreeAlert>> CreateAsync(Caller caller, PagerTreeCreate create, CancellationToken ct)
    {
        var resolved = await ResolveRoutersAsync(caller.TenantId, create, ct);
        if (!resolved.IsOk) return resolved.Error!;
        create = resolved.Value!;
        for (var i = 0; i < create.Destinations.Count; i++)
            if (!await ExistsAsync(caller.TenantId, create.Destinations[i], ct))
                return CoreError.Validation($"destination_ids[{i}]", $"'destination_ids' names {create.Destinations[i]}, which does not exist");
        if (create.ParentId is { } parent && await alerts.GetAsync(caller.TenantId, parent, ct) is null)
            return CoreError.Validation("parent_id", $"'parent_id' names {PagerTreeMapping.AlertId(parent)}, which does not exist");
        var ingested = await alerts.IngestAsync(caller.TenantId, caller.Actor, [create.Event], null, "", ct);
        if (!ingested.IsOk) return ingested.Error!;
        var result = ingested.Value![0];
        var id = result.AlertId!.Value;
        // A repeat of an open alert's thirdparty_id updated it (core dedup); it was routed when it was created.
        if (result.Outcome == IngestOutcome.Created)
        {
            var routed = await RouteAsync(caller, id, create.Destinations, ct);
            if (!routed.IsOk) return routed.Error!;
        }
        return await GetAsync(caller.TenantId, id, ct);
    }

    /// <summary>
    /// Replaces each router (<c>rtr_</c>) by the team or user its first matching rule (or default) picks, judged on the
    /// alert being created; a picked team is kept as a label for <c>d_team_id</c>. <c>destination_ids</c> still shows the router.
    /// </summary>
    private async Task<Result<PagerTreeCreate>> ResolveRoutersAsync(Guid tenantId, PagerTreeCreate create, CancellationToken ct)
    {
        if (create.Destinations.All(d => d.Kind != PagerTreeDestinationKind.Router)) return create;
        var spec = create.Event.Alert!;
        var input = new RouterInput(spec.Title, spec.Details, spec.Tags ?? [], spec.Priority.ToString().ToLowerInvariant(), spec.Meta);
        var list = new List<PagerTreeDestination>();
        var labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        for (var i = 0; i < create.Destinations.Count; i++)
        {
            var d = create.Destinations[i];
            if (d.Kind != PagerTreeDestinationKind.Router) { list.Add(d); continue; }
            var target = await routers.ResolveAsync(tenantId, d.Id, input, $"destination_ids[{i}]", ct);
            if (!target.IsOk) return CoreError.Validation(target.Error!.Field!, $"'destination_ids' names {d}: {target.Error.Message}");
            var picked = target.Value.Kind == TargetKind.Team
                ? new PagerTreeDestination(PagerTreeDestinationKind.Team, target.Value.Id)
                : new PagerTreeDestination(PagerTreeDestinationKind.User, target.Value.Id);
            if (picked.Kind == PagerTreeDestinationKind.Team) labels[PagerTreeMapping.LabelRoutedTeam] = picked.ToString();
            if (!list.Contains(picked)) list.Add(picked);
        }
        return create with { Destinations = list, Event = create.Event with { Alert = spec with { Labels = labels } } };
    }

    /// <summary>The first user is assigned, further users become responders; a team or policy starts escalation (a source did at ingest).</summary>
    private async Task<Result<bool>> RouteAsync(Caller caller, long alertId, IReadOnlyList<PagerTreeDestination> destinations, CancellationToken ct)
    {
        var assigned = false;
        foreach (var d in destinations)
        {
            Result<Alert> r = d.Kind switch
            {
                PagerTreeDestinationKind.User when !assigned => await people.AssignAsync(caller.TenantId, alertId, new AssignTarget(d.Id, null, null), caller.Actor, ct),
                PagerTreeDestinationKind.User => await people.AddResponderAsync(caller.TenantId, alertId, d.Id, caller.Actor, ct),
                PagerTreeDestinationKind.Team => await people.AssignAsync(caller.TenantId, alertId, new AssignTarget(null, null, null, d.Id), caller.Actor, ct),
                PagerTreeDestinationKind.Policy => await people.AssignAsync(caller.TenantId, alertId, new AssignTarget(null, d.Id, null), caller.Actor, ct),
                PagerTreeDestinationKind.Source => Result<Alert>.Ok(null!),
                PagerTreeDestinationKind.Router => throw new InvalidOperationException("routers are resolved before routing"),
                _ => throw new ArgumentOutOfRangeException(nameof(destinations), d.Kind, null),
            };
            if (!r.IsOk) return r.Error!;
            assigned |= d.Kind == PagerTreeDestinationKind.User;
        }
        return true;
    }

    private async Task<bool> ExistsAsync(Guid tenantId, PagerTreeDestination d, CancellationToken ct) => d.Kind switch
    {
        PagerTreeDestinationKind.User => await directory.GetUserAsync(tenantId, d.Id, ct) is not null,
        PagerTreeDestinationKind.Team => await directory.GetTeamAsync(tenantId, d.Id, ct) is not null,
        PagerTreeDestinationKind.Policy => await policies.GetAsync(tenantId, d.Id, ct) is not null,
        PagerTreeDestinationKind.Source => await policies.GetSourceAsync(tenantId, d.Id, ct) is not null,
        PagerTreeDestinationKind.Router => await routers.GetAsync(tenantId, d.Id, ct) is not null,
        _ => false,
    };

    public async Task<Result<PagerTreeAlert>> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        var alert = await alerts.GetAsync(tenantId, id, ct);
        if (alert is null) return CoreError.NotFound("alert");
        return PagerTreeMapping.ToDto(alert, await TimelineAsync(tenantId, id, ct));
    }

    public async Task<Result<PagerTreeAlert>> UpdateAsync(Caller caller, long id, PagerTreeAlertRequest request, CancellationToken ct)
    {
        var current = await alerts.GetAsync(caller.TenantId, id, ct);
        if (current is null) return CoreError.NotFound("alert");
        var patch = PagerTreeMapping.ToPatch(request, current);
        if (!patch.IsOk) return patch.Error!;
        var updated = await alerts.UpdateAsync(caller.TenantId, id, patch.Value!, caller.Actor, ct);
        return updated.IsOk ? await GetAsync(caller.TenantId, id, ct) : updated.Error!;
    }

    /// <summary>acknowledge, resolve, archive: PagerTree's precondition first, then the core transition.</summary>
    public async Task<Result<PagerTreeAlert>> ApplyAsync(Caller caller, long id, AlertAction action, CancellationToken ct)
    {
        var current = await alerts.GetAsync(caller.TenantId, id, ct);
        if (current is null) return CoreError.NotFound("alert");
        if (Refusal(action, current.Status) is { } refused) return refused;
        var applied = await alerts.ApplyAsync(caller.TenantId, id, action, caller.Actor, null, ct);
        return applied.IsOk ? await GetAsync(caller.TenantId, id, ct) : applied.Error!;
    }

    /// <summary>The seed's state rules, with a message naming the current status.</summary>
    public static CoreError? Refusal(AlertAction action, AlertStatus status)
    {
        var (allowed, rule) = action switch
        {
            AlertAction.Acknowledge => (status is AlertStatus.Triggered or AlertStatus.Dropped, "open or dropped"),
            AlertAction.Resolve => (status is AlertStatus.Acknowledged, "acknowledged"),
            AlertAction.Archive => (status is AlertStatus.Resolved or AlertStatus.Dropped, "resolved or dropped"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
        return allowed ? null : CoreError.Conflict(
            $"alert is {PagerTreeMapping.ToStatus(status)}; it must be {rule} to be {Verb(action)}", "status");
    }

    private static string Verb(AlertAction a) => a switch
    {
        AlertAction.Acknowledge => "acknowledged",
        AlertAction.Resolve => "resolved",
        _ => "archived",
    };

    /// <summary>Only an open alert, and only by a user with an open notification for it (the assignee or one just paged).</summary>
    public async Task<Result<PagerTreeAlert>> RejectAsync(Caller caller, long id, CancellationToken ct)
    {
        var current = await alerts.GetAsync(caller.TenantId, id, ct);
        if (current is null) return CoreError.NotFound("alert");
        if (current.Status != AlertStatus.Triggered)
            return CoreError.Conflict($"alert is {PagerTreeMapping.ToStatus(current.Status)}; it must be open to be rejected", "status");
        if (caller.UserId is not { } user)
            return new CoreError(ErrorKind.Forbidden, "rejecting needs the credentials of a user (an API key bound to a user)");
        if (!PagerTreeMapping.HasOpenNotification(current, await TimelineAsync(caller.TenantId, id, ct), user))
            return CoreError.Conflict($"{PagerTreeMapping.UserId(user)} has no open notification for this alert", "status");
        var rejected = await people.RejectAsync(caller.TenantId, id, null, caller.Actor, ct);
        return rejected.IsOk ? await GetAsync(caller.TenantId, id, ct) : rejected.Error!;
    }

    public async Task<Result<PagerTreeAlert>> HandoffAsync(Caller caller, long id, PagerTreeDestination to, CancellationToken ct)
    {
        if (await alerts.GetAsync(caller.TenantId, id, ct) is null) return CoreError.NotFound("alert");
        if (!await ExistsAsync(caller.TenantId, to, ct)) return CoreError.Validation("to", $"'to' names {to}, which does not exist");
        var target = to.Kind == PagerTreeDestinationKind.User ? new HandoffTarget(to.Id, null, null) : new HandoffTarget(null, to.Id, null);
        var handed = await people.HandoffAsync(caller.TenantId, id, target, caller.Actor, ct);
        return handed.IsOk ? await GetAsync(caller.TenantId, id, ct) : handed.Error!;
    }

    public Task<Result<bool>> DeleteAsync(Caller caller, long id, CancellationToken ct) => alerts.DeleteAsync(caller.TenantId, id, ct);

    /// <summary>Offset paging over the core's keyset list: reads offset+limit rows (bounded by the caller) and skips offset.</summary>
    public async Task<PagerTreeList> ListAsync(Guid tenantId, AlertQuery query, int offset, CancellationToken ct)
    {
        var limit = query.Limit;
        var page = await alerts.ListAsync(tenantId, query with { Limit = offset + limit }, ct);
        var total = (await alerts.CountAsync(tenantId, query, ct)).Values.Sum();
        var data = new List<PagerTreeAlert>(limit);
        foreach (var a in page.Items.Skip(offset)) data.Add(PagerTreeMapping.ToDto(a, await TimelineAsync(tenantId, a.Id, ct)));
        return new PagerTreeList(data, page.Next is not null, total);
    }

    private async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Guid tenantId, long id, CancellationToken ct)
    {
        var all = new List<TimelineEntry>();
        long? after = null;
        do
        {
            var page = await alerts.TimelineAsync(tenantId, id, after, 500, ct);
            if (page is null) break;
            all.AddRange(page.Items);
            after = page.NextAfterId;
        } while (after is not null);
        return all;
    }
}
