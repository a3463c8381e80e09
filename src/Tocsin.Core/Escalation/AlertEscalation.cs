using System.Globalization;
using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>
/// Escalation inside the alert write path. Every method runs inside an <see cref="AlertWriter"/> command, so the alert
/// change, its timeline entry, the escalation row and the outbox rows commit in one transaction.
/// </summary>
public sealed class AlertEscalation(EscalationDirectoryLoader directories)
{
    /// <summary>What a new alert's source says: its policy, and whether a maintenance window silences it now.</summary>
    public sealed record Plan(AlertSource Source, EscalationPolicy? Policy, bool InMaintenance);

    public static EscalationAlertState StateOf(AlertStatus status) => status switch
    {
        AlertStatus.Triggered => EscalationAlertState.Open,
        AlertStatus.Acknowledged => EscalationAlertState.Acknowledged,
        _ => EscalationAlertState.Closed,
    };

    /// <summary>Looks up the source before the alert is inserted; its priority rule decides the priority unless the event gave one.</summary>
    /// <param name="source">The spec's source when the caller already loaded it (the write path does, for its creation mode).</param>
    public async ValueTask<(NewAlert Spec, Plan? Plan)> PlanAsync(WriteContext w, Guid tenantId, NewAlert spec, CancellationToken ct, AlertSource? source = null)
    {
        if (spec.SourceId is not { } sourceId) return (spec, null);
        source ??= await w.Session.Escalations.GetSourceAsync(tenantId, sourceId, ct);
        if (source is null) return (spec, null);
        var policy = source.EscalationPolicyId is { } p ? await w.Session.Escalations.GetPolicyAsync(tenantId, p, ct) : null;
        var maintenance = await w.Session.Escalations.InMaintenanceAsync(tenantId, sourceId, w.Now, ct);
        if (!spec.PriorityGiven)
        {
            var priority = source.PriorityRule.PriorityAt(source.SupportHours, w.Now) == RulePriority.High ? Priority.High : Priority.Low;
            spec = spec with { Priority = priority, Severity = null };
        }
        spec = spec with { Source = spec.Source ?? source.Name };
        return (spec, new Plan(source, policy, maintenance));
    }

    /// <summary>Starts escalation for a just-inserted alert, or records why nobody will be paged.</summary>
    public async ValueTask StartAsync(WriteContext w, Alert alert, Plan plan, CancellationToken ct)
    {
        if (plan.Policy is null) return;
        if (plan.InMaintenance)
        {
            await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.Suppressed, w.Now, Actor.System,
                $"Escalation not started: source {plan.Source.Name} is in a maintenance window"), ct);
            return;
        }
        await StartPolicyAsync(w, alert, plan.Policy, Actor.System, ct);
    }

    /// <summary>A fresh snapshot of <paramref name="policy"/> from rule 0 (trigger, or assigning the alert to a policy).</summary>
    public async ValueTask StartPolicyAsync(WriteContext w, Alert alert, EscalationPolicy policy, Actor by, CancellationToken ct)
    {
        var step = EscalationEngine.Start(policy, w.Now);
        await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.Started, w.Now, by,
            $"Escalation started: policy {policy.Name}",
            new Dictionary<string, string> { ["policyId"] = policy.Id.ToString(CultureInfo.InvariantCulture) }), ct);
        if (step.State.NextDueAt > w.Now || alert.Status != AlertStatus.Triggered)
        {
            await w.Session.Escalations.PutAsync(alert.TenantId, alert.Id, step.State, w.Now, ct);
            return;
        }
        // A first rule without delay pages in the trigger's own transaction, as the worker would a moment later: the
        // page is committed with the alert, and the escalation worker's pass (a wake-up, a claim, another commit) is
        // off the path from event to page.
        await ApplyStepAsync(w, alert, EscalationEngine.OnDue(step.State, EscalationAlertState.Open, w.Now), await DirectoryAsync(w, alert.TenantId, ct), ct);
    }

    // Inside a write command the version is read on the command's own transaction, not on a connection of its own.
    private async Task<EscalationDirectory> DirectoryAsync(WriteContext w, Guid tenantId, CancellationToken ct) =>
        await directories.LoadAsync(tenantId, await w.Session.Escalations.ConfigVersionAsync(tenantId, ct), ct);

    /// <summary>After a state-machine action: acknowledge and close stop escalation; un-acknowledge pages again now.</summary>
    public async ValueTask OnTransitionAsync(WriteContext w, Alert alert, AlertAction action, CancellationToken ct)
    {
        var state = await w.Session.Escalations.GetAsync(alert.TenantId, alert.Id, ct);
        if (state is null) return;
        switch (action)
        {
            case AlertAction.Unacknowledge:
                await ApplyStepAsync(w, alert, EscalationEngine.OnUnacknowledge(state, w.Now), await DirectoryAsync(w, alert.TenantId, ct), ct);
                break;
            default:
                // Acknowledge, resolve, archive and drop all end paging; the engine's stop is the same for each.
                if (!state.Stopped)
                    await w.Session.Escalations.PutAsync(alert.TenantId, alert.Id, EscalationEngine.OnAcknowledge(state), w.Now, ct);
                break;
        }
    }

    public async ValueTask<bool> RejectAsync(WriteContext w, Alert alert, CancellationToken ct)
    {
        var state = await w.Session.Escalations.GetAsync(alert.TenantId, alert.Id, ct);
        if (state is null) return false;
        await ApplyStepAsync(w, alert, EscalationEngine.OnReject(state, w.Now), await DirectoryAsync(w, alert.TenantId, ct), ct);
        return true;
    }

    /// <summary>Persists an engine step and acts on its decision: page the rule's users, or drop the alert.</summary>
    public static async ValueTask ApplyStepAsync(WriteContext w, Alert alert, EscalationStep step, EscalationDirectory directory, CancellationToken ct)
    {
        var writes = w.Session.Escalations;
        switch (step.Decision)
        {
            case EscalationDecision.Notify n:
                var resolved = directory.Resolve(n.Targets, w.Now);
                var kind = n.RuleIndex == 0 && n.RepeatRound == 0 ? OutboxEvents.Triggered : OutboxEvents.Escalated;
                foreach (var user in resolved.UserIds)
                    await writes.AddOutboxAsync(Message(alert, user, kind, $"esc:{alert.Id}:{n.RepeatRound}:{n.RuleIndex}:{w.Now.ToUnixTimeMilliseconds()}:{user}",
                        w.Now, n.RuleIndex, n.RepeatRound), w.Now, ct);
                var names = resolved.UserIds.Count == 0 ? "nobody to page" : string.Join(", ", resolved.UserIds.Select(directory.NameOf));
                var text = $"Escalated to rule {n.RuleIndex + 1}: {names}" + (n.RepeatRound > 0 ? $" (repeat {n.RepeatRound})" : "");
                if (resolved.HasErrors) text += " — unresolved: " + string.Join("; ", resolved.Errors.Select(e => e.Message));
                // The alert row itself is untouched: a page is recorded in the timeline and the escalation row only,
                // which keeps a 10,000-step tick to a few small inserts per alert (#3 speed goal).
                await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.Escalated, w.Now, Actor.System, text,
                    new Dictionary<string, string>
                    {
                        ["rule"] = (n.RuleIndex + 1).ToString(CultureInfo.InvariantCulture),
                        ["round"] = n.RepeatRound.ToString(CultureInfo.InvariantCulture),
                        ["users"] = string.Join(',', resolved.UserIds),
                    }), ct);
                break;
            case EscalationDecision.Drop:
                var (_, entry) = alert.Apply(AlertAction.Drop, Actor.System, w.Now, "escalation exhausted with nobody acknowledging");
                if (entry is not null)
                {
                    await w.Session.UpdateAsync(alert, ct);
                    await EscalationTimeline.AppendAsync(w, alert, entry, ct);
                    // The people of the last rule are told that nobody took it.
                    var last = step.State.PolicySnapshot.Rules[^1];
                    foreach (var user in directory.Resolve(last.Targets, w.Now).UserIds)
                        await writes.AddOutboxAsync(Message(alert, user, OutboxEvents.Dropped, $"drop:{alert.Id}:{user}", w.Now, null, null), w.Now, ct);
                }
                break;
        }
        await writes.PutAsync(alert.TenantId, alert.Id, step.State, w.Now, ct);
    }

    public static OutboxMessage Message(Alert alert, long userId, string eventType, string idempotencyKey, DateTimeOffset now, int? rule, int? round)
    {
        var payload = new JsonObject
        {
            ["alertId"] = alert.Id,
            ["number"] = alert.Number,
            ["title"] = alert.Title,
            ["priority"] = alert.Priority.ToWire(),
            ["status"] = alert.Status.ToWire(),
        };
        if (rule is { } r) payload["rule"] = r + 1;
        if (round is { } rr) payload["round"] = rr;
        return new OutboxMessage(0, alert.TenantId, alert.Id, userId, OutboxEvents.UserChannel, eventType, payload.ToJsonString(),
            OutboxEvents.Scheduled, now, idempotencyKey);
    }
}
