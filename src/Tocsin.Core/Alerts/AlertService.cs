using System.Globalization;
using System.Text;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Notifications;

namespace Tocsin.Core.Alerts;

/// <summary>
/// Every change to an alert, from any API, goes through here. Each command runs on the <see cref="AlertWriter"/>
/// and writes exactly one timeline entry per change.
/// </summary>
/// <remarks>#3: with <see cref="AlertEscalation"/> registered, triggers start escalation and transitions stop or resume it, in the same command.</remarks>
public sealed class AlertService(IAlertStore store, AlertWriter writer, AlertEscalation? escalation = null)
{
    private const string EventScope = "event";
    private const string RequestScope = "events-request";

    /// <summary>
    /// Ingests a batch of events in order. An <paramref name="idempotencyKey"/> (with the fingerprint of the request body)
    /// makes a retry return the first result; an event's own id does the same per event.
    /// </summary>
    public Task<Result<IReadOnlyList<IngestResult>>> IngestAsync(Guid tenantId, Actor actor, IReadOnlyList<AlertEvent> events,
        string? idempotencyKey, string requestHash, CancellationToken ct) =>
        writer.ExecuteAsync<Result<IReadOnlyList<IngestResult>>>(async w =>
        {
            if (idempotencyKey is not null)
            {
                var seen = await w.Session.GetIdempotencyAsync(tenantId, RequestScope, idempotencyKey, ct);
                if (seen is not null)
                {
                    if (seen.RequestHash != requestHash)
                        return CoreError.Conflict("Idempotency-Key was already used with a different request body", "Idempotency-Key");
                    return Result<IReadOnlyList<IngestResult>>.Ok(DecodeResults(seen.Result));
                }
            }
            var results = new IngestResult[events.Count];
            for (var i = 0; i < events.Count; i++) results[i] = await IngestOneAsync(w, tenantId, actor, events[i], ct);
            if (idempotencyKey is not null)
                await w.Session.PutIdempotencyAsync(tenantId, RequestScope, idempotencyKey, new IdempotencyRecord(requestHash, EncodeResults(results)), w.Now, ct);
            return Result<IReadOnlyList<IngestResult>>.Ok(results);
        }, ct, DedupKeys(tenantId, events));

    private static List<DedupKeyLock> DedupKeys(Guid tenantId, IReadOnlyList<AlertEvent> events)
    {
        var keys = new List<DedupKeyLock>(events.Count);
        foreach (var e in events)
            if (e.DedupKey is { } key) keys.Add(new DedupKeyLock(tenantId, key));
        return keys;
    }

    private async ValueTask<IngestResult> IngestOneAsync(WriteContext w, Guid tenantId, Actor actor, AlertEvent e, CancellationToken ct)
    {
        if (e.EventId is not null)
        {
            var seen = await w.Session.GetIdempotencyAsync(tenantId, EventScope, e.EventId, ct);
            if (seen is not null) return DecodeResults(seen.Result)[0];
        }
        var result = e.Action switch
        {
            EventAction.Trigger => await TriggerAsync(w, tenantId, actor, e, ct),
            _ => await ActByKeyAsync(w, tenantId, actor, e, ct),
        };
        if (e.EventId is not null)
            await w.Session.PutIdempotencyAsync(tenantId, EventScope, e.EventId, new IdempotencyRecord("", EncodeResults([result])), w.Now, ct);
        return result;
    }

    /// <summary>
    /// A trigger joins an open alert when the source's creation mode says so (<see cref="AlertCreation.LookupsFor"/>),
    /// otherwise opens a new one. Either way a source with an auto-resolve timeout (re)arms the alert's timer.
    /// </summary>
    private async ValueTask<IngestResult> TriggerAsync(WriteContext w, Guid tenantId, Actor actor, AlertEvent e, CancellationToken ct)
    {
        var spec = e.Alert ?? throw new ArgumentException("a trigger event needs alert fields", nameof(e));
        var source = spec.SourceId is { } sourceId ? await w.Session.Escalations.GetSourceAsync(tenantId, sourceId, ct) : null;
        Alert? open = null;
        foreach (var lookup in AlertCreation.LookupsFor(source, e.DedupKey, spec.Title, w.Now))
            if ((open = AlertCreation.Pick(lookup, await w.Session.FindOpenAsync(tenantId, lookup.Match, lookup.Limit, ct), spec.Title)) is not null) break;
        if (open is not null)
        {
            var entry = open.Repeat(spec, actor, w.Now);
            await w.Session.UpdateAsync(open, ct);
            await AppendAsync(w, open, entry, ct);
            if (spec.Notify is { OnRepeat: { } repeatEvent } repeat && open.Status == AlertStatus.Triggered)
                await AlertNotifications.ToTargetsAsync(w, open, repeat, repeatEvent, ct);
            await ArmAutoResolveAsync(w, open, source, ct);
            return new IngestResult(open.Id, IngestOutcome.Updated, e.DedupKey);
        }
        AlertEscalation.Plan? plan = null;
        if (escalation is not null) (spec, plan) = await escalation.PlanAsync(w, tenantId, spec, ct, source);
        var alert = Alert.Open(tenantId, spec with { DedupKey = e.DedupKey }, w.Now);
        await w.Session.InsertAsync(alert, ct);
        await AppendAsync(w, alert, alert.CreatedEntry(actor), ct);
        if (plan is not null) await escalation!.StartAsync(w, alert, plan, ct);
        if (spec.Notify is { IsEmpty: false } notify) await AlertNotifications.ToTargetsAsync(w, alert, notify, NotificationEvents.Triggered, ct);
        await ArmAutoResolveAsync(w, alert, source, ct);
        return new IngestResult(alert.Id, IngestOutcome.Created, e.DedupKey);
    }

    private static ValueTask ArmAutoResolveAsync(WriteContext w, Alert alert, OnCall.AlertSource? source, CancellationToken ct) =>
        source?.AutoResolveTimeout is { } timeout
            ? w.Session.Escalations.ScheduleAutoResolveAsync(alert.TenantId, alert.Id, w.Now + timeout, ct)
            : ValueTask.CompletedTask;

    /// <summary>Acknowledge/resolve by key acts on every open alert with the key (modes other than one-per-key may keep several); the newest answers.</summary>
    private async ValueTask<IngestResult> ActByKeyAsync(WriteContext w, Guid tenantId, Actor actor, AlertEvent e, CancellationToken ct)
    {
        var open = e.DedupKey is null ? [] : await w.Session.FindOpenAsync(tenantId, new OpenAlertMatch(e.DedupKey), MaxActByKey, ct);
        if (open.Count == 0) return new IngestResult(null, IngestOutcome.NotFound, e.DedupKey);
        var action = e.Action == EventAction.Acknowledge ? AlertAction.Acknowledge : AlertAction.Resolve;
        var outcome = IngestOutcome.Unchanged;
        for (var i = open.Count - 1; i >= 0; i--)
        {
            var alert = open[i];
            var (_, entry) = alert.Apply(action, actor, w.Now);
            if (entry is null) continue;
            await w.Session.UpdateAsync(alert, ct);
            await AppendAsync(w, alert, entry, ct);
            if (escalation is not null) await escalation.OnTransitionAsync(w, alert, action, ct);
            await AlertNotifications.OnTransitionAsync(w, alert, action, ct);
            outcome = action == AlertAction.Acknowledge ? IngestOutcome.Acknowledged : IngestOutcome.Resolved;
        }
        return new IngestResult(open[0].Id, outcome, e.DedupKey);
    }

    /// <summary>Bounds one acknowledge/resolve-by-key event; a key with more open alerts than this is a runaway integration.</summary>
    public const int MaxActByKey = 100;

    public Task<Result<Alert>> ApplyAsync(Guid tenantId, long id, AlertAction action, Actor actor, string? note, CancellationToken ct) =>
        MutateAsync(tenantId, id, (alert, now) =>
        {
            var (t, entry) = alert.Apply(action, actor, now, note);
            return t.Kind == TransitionKind.Rejected
                ? CoreError.Conflict(t.Reason!, "status")
                : Result<TimelineEntry?>.Ok(entry);
        }, ct, after: async (w, alert) =>
        {
            if (escalation is not null) await escalation.OnTransitionAsync(w, alert, action, ct);
            await AlertNotifications.OnTransitionAsync(w, alert, action, ct);
        });

    public Task<Result<Alert>> UpdateAsync(Guid tenantId, long id, AlertPatch patch, Actor actor, CancellationToken ct) =>
        MutateAsync(tenantId, id, (alert, now) => Result<TimelineEntry?>.Ok(alert.Update(patch, actor, now)), ct);

    public Task<Result<Alert>> CommentAsync(Guid tenantId, long id, string text, Actor actor, CancellationToken ct) =>
        MutateAsync(tenantId, id, (alert, now) => Result<TimelineEntry?>.Ok(alert.Comment(text, actor, now)), ct);

    public Task<Result<bool>> DeleteAsync(Guid tenantId, long id, CancellationToken ct) =>
        writer.ExecuteAsync<Result<bool>>(async w =>
        {
            var alert = await w.Session.GetAsync(tenantId, id, ct);
            if (alert is null) return CoreError.NotFound("alert");
            await w.Session.DeleteAsync(tenantId, id, ct);
            return true;
        }, ct);

    /// <summary>Loads, changes and saves one alert in one command; a null entry means nothing changed and nothing is written.</summary>
    private Task<Result<Alert>> MutateAsync(Guid tenantId, long id, Func<Alert, DateTimeOffset, Result<TimelineEntry?>> change, CancellationToken ct,
        Func<WriteContext, Alert, ValueTask>? after = null) =>
        writer.ExecuteAsync<Result<Alert>>(async w =>
        {
            var alert = await w.Session.GetAsync(tenantId, id, ct);
            if (alert is null) return CoreError.NotFound("alert");
            var outcome = change(alert, w.Now);
            if (!outcome.IsOk) return outcome.Error!;
            if (outcome.Value is { } entry)
            {
                await w.Session.UpdateAsync(alert, ct);
                await AppendAsync(w, alert, entry, ct);
                if (after is not null) await after(w, alert);
            }
            return alert;
        }, ct);

    private static async ValueTask AppendAsync(WriteContext w, Alert alert, TimelineEntry entry, CancellationToken ct)
    {
        entry = entry with { AlertId = alert.Id };
        await w.Session.AppendTimelineAsync(alert.TenantId, entry, ct);
        w.Changed(alert, entry);
    }

    public Task<Alert?> GetAsync(Guid tenantId, long id, CancellationToken ct) => store.GetAsync(tenantId, id, ct);
    public Task<AlertPage> ListAsync(Guid tenantId, AlertQuery query, CancellationToken ct) => store.ListAsync(tenantId, query, ct);
    public Task<IReadOnlyDictionary<AlertStatus, long>> CountAsync(Guid tenantId, AlertQuery query, CancellationToken ct) => store.CountAsync(tenantId, query, ct);
    public Task<TimelinePage?> TimelineAsync(Guid tenantId, long alertId, long? afterId, int limit, CancellationToken ct) =>
        store.TimelineAsync(tenantId, alertId, afterId, limit, ct);

    // Results are kept as "id:outcome;..." so a replay answers byte-for-byte what the first request answered.
    private static string EncodeResults(IReadOnlyList<IngestResult> results)
    {
        var sb = new StringBuilder();
        foreach (var r in results)
        {
            if (sb.Length > 0) sb.Append(';');
            sb.Append(r.AlertId?.ToString(CultureInfo.InvariantCulture)).Append(':').Append(r.Outcome.ToWire()).Append(':').Append(r.DedupKey is null ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes(r.DedupKey)));
        }
        return sb.ToString();
    }

    private static IngestResult[] DecodeResults(string text) =>
        text.Split(';').Select(part =>
        {
            var bits = part.Split(':');
            long? id = bits[0].Length == 0 ? null : long.Parse(bits[0], CultureInfo.InvariantCulture);
            var key = bits.Length > 2 && bits[2].Length > 0 ? Encoding.UTF8.GetString(Convert.FromBase64String(bits[2])) : null;
            return new IngestResult(id, IngestOutcomeNames.Parse(bits[1]), key);
        }).ToArray();
}
