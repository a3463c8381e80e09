using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>
/// Exactly one of the ids is set: assign to a user, start a policy, assign whoever is on call in a schedule, or page a
/// whole team (#10: PagerTree routes to teams; one rule paging every member, dropped after <see cref="AlertPeopleService.TeamPageTimeout"/>).
/// </summary>
public sealed record AssignTarget(long? UserId, long? PolicyId, long? ScheduleId, long? TeamId = null);

/// <summary>Hand the alert to a user or to every member of a team.</summary>
public sealed record HandoffTarget(long? UserId, long? TeamId, string? Note);

public sealed record SuggestedResponder(long UserId, string Name, string Reason);

/// <summary>
/// People actions on alerts (#3): assign, reject, hand off, responders. References are checked against the directory
/// first; the change, its timeline entry, escalation row and notifications then commit in one writer command.
/// </summary>
public sealed class AlertPeopleService(
    AlertWriter writer, AlertEscalation escalation, EscalationDirectoryLoader directories, IAlertStore alerts, IEscalationStore escalations,
    IUserStore users, IScheduleStore schedules, ITeamStore teams, IEscalationPolicyStore policies, IAlertSourceStore sources)
{
    /// <summary>How long a team page waits for an acknowledgement before the alert is dropped.</summary>
    public static readonly TimeSpan TeamPageTimeout = TimeSpan.FromMinutes(30);

    public async Task<Result<Alert>> AssignAsync(Guid tenantId, long alertId, AssignTarget target, Actor by, CancellationToken ct)
    {
        if (target.TeamId is { } teamId)
        {
            var team = await teams.GetAsync(tenantId, teamId, ct);
            if (team is null) return CoreError.Validation("teamId", $"team {teamId} does not exist");
            // An ad-hoc snapshot (policy id 0): escalation runs on snapshots, so no stored policy is needed.
            var policy = new EscalationPolicy(0, "team " + team.Name, [new EscalationRule([EscalationTarget.Team(teamId)], TeamPageTimeout)]);
            return await MutateAsync(tenantId, alertId, async (w, alert) =>
            {
                if (!alert.Status.IsOpen()) return CoreError.Conflict($"cannot assign a team to an alert that is {alert.Status.ToWire()}", "status");
                await escalation.StartPolicyAsync(w, alert, policy, by, ct);
                return alert;
            }, ct);
        }
        if (target.PolicyId is { } policyId)
        {
            var policy = await policies.GetAsync(tenantId, policyId, ct);
            if (policy is null) return CoreError.Validation("policyId", $"escalation policy {policyId} does not exist");
            return await MutateAsync(tenantId, alertId, async (w, alert) =>
            {
                if (!alert.Status.IsOpen()) return CoreError.Conflict($"cannot assign a policy to an alert that is {alert.Status.ToWire()}", "status");
                await escalation.StartPolicyAsync(w, alert, policy, by, ct);
                return alert;
            }, ct);
        }
        if (target.ScheduleId is { } scheduleId)
        {
            var schedule = await schedules.GetAsync(tenantId, scheduleId, ct);
            if (schedule is null) return CoreError.Validation("scheduleId", $"schedule {scheduleId} does not exist");
            // The schedule is asked at the command's own clock reading below; this read only proves someone can answer.
            return await MutateAsync(tenantId, alertId, async (w, alert) =>
            {
                if (ScheduleCalculator.OnCallAt(schedule, w.Now).UserId is not { } onCall)
                    return CoreError.Conflict($"nobody is on call in schedule {schedule.Name}", "scheduleId");
                var who = await users.GetAsync(tenantId, onCall, ct);
                return await AssignUserAsync(w, alert, onCall, who?.Name ?? $"user {onCall}", $" (on call in {schedule.Name})", by, ct);
            }, ct);
        }
        var user = await users.GetAsync(tenantId, target.UserId!.Value, ct);
        if (user is null) return CoreError.Validation("userId", $"user {target.UserId} does not exist");
        return await MutateAsync(tenantId, alertId, (w, alert) => AssignUserAsync(w, alert, user.Id, user.Name, "", by, ct), ct);
    }

    private static async ValueTask<Result<Alert>> AssignUserAsync(WriteContext w, Alert alert, long userId, string name, string via, Actor by, CancellationToken ct)
    {
        if (alert.AssigneeUserId == userId) return alert;
        var from = alert.AssigneeUserId;
        alert.AssigneeUserId = userId;
        alert.Touch(w.Now);
        await w.Session.UpdateAsync(alert, ct);
        await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.Assigned, w.Now, by, $"Assigned to {name}{via}",
            new Dictionary<string, string> { ["userId"] = Id(userId), ["from"] = from is { } f ? Id(f) : "" }), ct);
        await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, userId, OutboxEvents.Assigned,
            $"assign:{alert.Id}:{userId}:{w.Now.ToUnixTimeMilliseconds()}", w.Now, null, null), w.Now, ct);
        return alert;
    }

    /// <summary>The current target declines: an acknowledgement is withdrawn and escalation moves to the next rule now.</summary>
    public Task<Result<Alert>> RejectAsync(Guid tenantId, long alertId, string? note, Actor by, CancellationToken ct) =>
        MutateAsync(tenantId, alertId, async (w, alert) =>
        {
            if (alert.Status is not (AlertStatus.Triggered or AlertStatus.Acknowledged))
                return CoreError.Conflict($"cannot reject an alert that is {alert.Status.ToWire()}", "status");
            if (alert.Status == AlertStatus.Acknowledged)
            {
                var (_, unack) = alert.Apply(AlertAction.Unacknowledge, by, w.Now, "rejected");
                await w.Session.UpdateAsync(alert, ct);
                await EscalationTimeline.AppendAsync(w, alert, unack!, ct);
            }
            alert.Touch(w.Now);
            await w.Session.UpdateAsync(alert, ct);
            await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.Rejected, w.Now, by,
                "Rejected" + (string.IsNullOrEmpty(note) ? "" : ": " + note)), ct);
            await escalation.RejectAsync(w, alert, ct);
            return alert;
        }, ct);

    public async Task<Result<Alert>> HandoffAsync(Guid tenantId, long alertId, HandoffTarget target, Actor by, CancellationToken ct)
    {
        var directory = await directories.LoadAsync(tenantId, ct);
        string toText;
        EscalationTarget to;
        if (target.UserId is { } userId)
        {
            if (!directory.UserNames.ContainsKey(userId)) return CoreError.Validation("userId", $"user {userId} does not exist");
            (to, toText) = (EscalationTarget.User(userId), directory.NameOf(userId));
        }
        else
        {
            var team = await teams.GetAsync(tenantId, target.TeamId!.Value, ct);
            if (team is null) return CoreError.Validation("teamId", $"team {target.TeamId} does not exist");
            (to, toText) = (EscalationTarget.Team(team.Id), "team " + team.Name);
        }
        return await MutateAsync(tenantId, alertId, async (w, alert) =>
        {
            if (!alert.Status.IsOpen()) return CoreError.Conflict($"cannot hand off an alert that is {alert.Status.ToWire()}", "status");
            var from = alert.AssigneeUserId ?? by.UserId;
            // The new target must acknowledge it themselves, so an acknowledgement by the previous owner is withdrawn.
            if (alert.Status == AlertStatus.Acknowledged)
            {
                var (_, unack) = alert.Apply(AlertAction.Unacknowledge, by, w.Now, "handed off");
                await EscalationTimeline.AppendAsync(w, alert, unack!, ct);
            }
            alert.AssigneeUserId = to.Kind == TargetKind.User ? to.Id : null;
            alert.Touch(w.Now);
            await w.Session.UpdateAsync(alert, ct);
            var fromText = from is { } f ? directory.NameOf(f) : by.ToString();
            await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.Handoff, w.Now, by,
                $"Handed off from {fromText} to {toText}" + (string.IsNullOrEmpty(target.Note) ? "" : ": " + target.Note),
                new Dictionary<string, string>
                {
                    ["from"] = from is { } ff ? "user:" + Id(ff) : by.ToString(),
                    ["to"] = (to.Kind == TargetKind.User ? "user:" : "team:") + Id(to.Id),
                    ["at"] = w.Now.ToString("O", CultureInfo.InvariantCulture),
                }), ct);
            foreach (var user in directory.Resolve([to], w.Now).UserIds)
                await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, user, OutboxEvents.Handoff,
                    $"handoff:{alert.Id}:{user}:{w.Now.ToUnixTimeMilliseconds()}", w.Now, null, null), w.Now, ct);
            await RearmAsync(w, alert, ct);
            return alert;
        }, ct);
    }

    /// <summary>
    /// If escalation had stopped at an acknowledgement, it resumes with the pending rule after the last paged rule's
    /// timeout, so a handoff nobody acknowledges still escalates.
    /// </summary>
    private static async ValueTask RearmAsync(WriteContext w, Alert alert, CancellationToken ct)
    {
        var state = await w.Session.Escalations.GetAsync(alert.TenantId, alert.Id, ct);
        if (state is null || !state.Stopped || alert.Status != AlertStatus.Triggered) return;
        var rules = state.PolicySnapshot.Rules;
        var last = rules[Math.Clamp(state.RuleIndex - 1, 0, rules.Count - 1)];
        await w.Session.Escalations.PutAsync(alert.TenantId, alert.Id, state with { Stopped = false, NextDueAt = w.Now + last.Timeout }, w.Now, ct);
    }

    public async Task<Result<Alert>> AddResponderAsync(Guid tenantId, long alertId, long userId, Actor by, CancellationToken ct)
    {
        var user = await users.GetAsync(tenantId, userId, ct);
        if (user is null) return CoreError.Validation("userId", $"user {userId} does not exist");
        return await MutateAsync(tenantId, alertId, async (w, alert) =>
        {
            if (alert.Responders.Any(r => r.UserId == userId)) return alert;
            alert.Responders = [.. alert.Responders, new Responder(userId, ResponderStatus.Pending, w.Now, null)];
            alert.Touch(w.Now);
            await w.Session.UpdateAsync(alert, ct);
            await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.ResponderAdded, w.Now, by,
                $"Responder added: {user.Name}", new Dictionary<string, string> { ["userId"] = Id(userId) }), ct);
            await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, userId, OutboxEvents.ResponderAdded,
                $"responder:{alert.Id}:{userId}:{w.Now.ToUnixTimeMilliseconds()}", w.Now, null, null), w.Now, ct);
            return alert;
        }, ct);
    }

    public Task<Result<Alert>> RemoveResponderAsync(Guid tenantId, long alertId, long userId, Actor by, CancellationToken ct) =>
        MutateAsync(tenantId, alertId, async (w, alert) =>
        {
            if (alert.Responders.All(r => r.UserId != userId)) return CoreError.NotFound("responder");
            alert.Responders = alert.Responders.Where(r => r.UserId != userId).ToList();
            alert.Touch(w.Now);
            await w.Session.UpdateAsync(alert, ct);
            await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, EscalationTimeline.ResponderRemoved, w.Now, by,
                $"Responder removed: user {userId}", new Dictionary<string, string> { ["userId"] = Id(userId) }), ct);
            return alert;
        }, ct);

    /// <summary>Who could help now: the people every rule of the alert's policy would page, minus those already involved.</summary>
    public async Task<Result<IReadOnlyList<SuggestedResponder>>> SuggestAsync(Guid tenantId, long alertId, DateTimeOffset now, CancellationToken ct)
    {
        var alert = await alerts.GetAsync(tenantId, alertId, ct);
        if (alert is null) return CoreError.NotFound("alert");
        var policy = (await escalations.GetAsync(tenantId, alertId, ct))?.PolicySnapshot;
        if (policy is null && alert.SourceId is { } sid && await sources.GetAsync(tenantId, sid, ct) is { EscalationPolicyId: { } pid })
            policy = await policies.GetAsync(tenantId, pid, ct);
        var result = new List<SuggestedResponder>();
        if (policy is null) return result;
        var directory = await directories.LoadAsync(tenantId, ct);
        var involved = alert.Responders.Select(r => r.UserId).ToHashSet();
        if (alert.AssigneeUserId is { } a) involved.Add(a);
        for (var i = 0; i < policy.Rules.Count; i++)
            foreach (var user in directory.Resolve(policy.Rules[i].Targets, now).UserIds)
                if (involved.Add(user)) result.Add(new SuggestedResponder(user, directory.NameOf(user), $"paged by rule {i + 1} of {policy.Name}"));
        return result;
    }

    private Task<Result<Alert>> MutateAsync(Guid tenantId, long alertId, Func<WriteContext, Alert, ValueTask<Result<Alert>>> change, CancellationToken ct) =>
        writer.ExecuteAsync(async w =>
        {
            var alert = await w.Session.GetAsync(tenantId, alertId, ct);
            return alert is null ? CoreError.NotFound("alert") : await change(w, alert);
        }, ct);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
