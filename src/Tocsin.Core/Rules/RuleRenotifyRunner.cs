using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;
using Tocsin.Core.Notifications;

namespace Tocsin.Core.Rules;

/// <summary>
/// Re-notification of rule alerts as IBM Cloud Monitoring / Sysdig users expect it (#5 §5): while a segment fires and its
/// alert is open, every <see cref="Rule.RenotifyInterval"/> the rule's users and channels, and whoever the alert paged last,
/// are told again: <c>renotify</c> outbox rows and one <c>renotified</c> timeline entry on the same alert, not a new trigger.
/// Due-ness is a leased row (<see cref="IRuleRenotifyStore"/>), so a restart loses nothing and several nodes share the work.
/// </summary>
public sealed class RuleRenotifyRunner(IRuleRenotifyStore schedule, IRuleStore rules, IEscalationStore escalations, AlertWriter writer, TimeProvider time)
{
    public const int BatchSize = 500;

    /// <summary>Long enough for a batch of writer commands; a claim of a node that died is retried once it passes.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private static readonly string[] PagingEvents = [NotificationEvents.Triggered, NotificationEvents.Escalated, NotificationEvents.Renotify];

    // Passes of one node never overlap (the timer's and a test's); leases keep other nodes' passes apart.
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>One pass; returns how many re-notifications were written.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var done = 0;
            foreach (var due in await schedule.ClaimDueAsync(now, now + Lease, BatchSize, ct))
            {
                // A failure leaves the row claimed; it is retried when the lease passes, and the outbox keys make that enqueue once.
                if (await RenotifyAsync(due, ct)) done++;
                await schedule.CompleteAsync(due, NextDue(due, now), ct);
            }
            return done;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>The next period boundary after now: periods missed while no worker ran are skipped, not sent in a burst.</summary>
    public static DateTimeOffset NextDue(DueRuleRenotify due, DateTimeOffset now)
    {
        var missed = Math.Max(0, (now - due.DueAt).Ticks / due.Every.Ticks);
        return due.DueAt + TimeSpan.FromTicks(due.Every.Ticks * (missed + 1));
    }

    private async Task<bool> RenotifyAsync(DueRuleRenotify due, CancellationToken ct)
    {
        if (await rules.GetAsync(due.TenantId, due.RuleId, ct) is not { } record || !record.Rule.Enabled) return false;
        var rule = record.Rule;
        var dedupKey = RuleDecision.DedupKeyFor(rule.Id, due.SegmentKey);
        var period = due.Period + 1;
        return await writer.ExecuteAsync(async w =>
        {
            var alert = (await w.Session.FindOpenAsync(due.TenantId, new OpenAlertMatch(dedupKey), 1, ct)) is [var open] ? open : null;
            if (alert is null || alert.Status is not (AlertStatus.Triggered or AlertStatus.Acknowledged)) return false;
            if (alert.SourceId is { } source && await w.Session.Escalations.InMaintenanceAsync(due.TenantId, source, w.Now, ct)) return false;

            var users = rule.NotifyUserIds.Union(await LastPagedAsync(alert, ct)).Order().ToList();
            var key = $"rule-renotify:{alert.Id}:{period.ToString(CultureInfo.InvariantCulture)}";
            foreach (var user in users)
                await w.Session.Escalations.AddOutboxAsync(AlertEscalation.Message(alert, user, NotificationEvents.Renotify,
                    $"{key}:{user.ToString(CultureInfo.InvariantCulture)}", w.Now, null, null), w.Now, ct);
            foreach (var channel in rule.NotificationChannelIds)
                await NotificationEnqueue.ToChannelAsync(w, alert, channel, NotificationEvents.Renotify, key, ct);

            var minutes = due.Every.TotalMinutes.ToString("0.##", CultureInfo.InvariantCulture);
            await EscalationTimeline.AppendAsync(w, alert, EscalationTimeline.Entry(alert, RenotifyRunner.TimelineType, w.Now, RuleAlertMapping.Actor,
                $"Re-notified {users.Count} people and {rule.NotificationChannelIds.Count} channels: rule '{rule.Name}' still firing, re-notifies every {minutes} min",
                new Dictionary<string, string>
                {
                    ["rule"] = rule.Id.ToString(CultureInfo.InvariantCulture),
                    ["period"] = period.ToString(CultureInfo.InvariantCulture),
                    ["users"] = string.Join(',', users),
                    ["channels"] = string.Join(',', rule.NotificationChannelIds),
                }), ct);
            return true;
        }, ct);
    }

    /// <summary>The people the alert's latest page (trigger, escalation step or re-notification) went to.</summary>
    private async Task<IEnumerable<long>> LastPagedAsync(Alert alert, CancellationToken ct)
    {
        var pages = (await escalations.OutboxAsync(alert.TenantId, alert.Id, ct))
            .Where(m => m.UserId is not null && PagingEvents.Contains(m.EventType)).ToList();
        if (pages.Count == 0) return [];
        var latest = pages.Max(m => m.CreatedAt);
        return pages.Where(m => m.CreatedAt == latest).Select(m => m.UserId!.Value);
    }
}
