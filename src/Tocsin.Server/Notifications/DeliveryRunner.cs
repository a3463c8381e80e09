using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// One pass of the delivery worker (#4): expand due outbox rows into deliveries, emit storm digests whose window closed,
/// then claim due deliveries in batches, render, and hand them to the senders (bounded across passes), recording every
/// attempt. Passes never overlap, and each pass reads the clock once.
/// </summary>
/// <remarks>
/// <para>At-least-once: a delivery is marked SENT only after its sender returned, so a process killed mid-send leaves the
/// row leased; the lease is released at start-up (single node) and the row is sent again with the same Idempotency-Key.</para>
/// <para>The worker's passes (<see cref="DispatchAsync"/>) return once their batches are handed to the senders, so a page
/// committed while an earlier batch is still being sent is claimed at once instead of waiting for the slowest send of
/// that batch. <see cref="RunOnceAsync"/> also waits for every send in flight, before its claim (a caller that moved the
/// clock past the lease must not re-claim a row still being sent) and after it.</para>
/// </remarks>
public sealed partial class DeliveryRunner(
    IDeliveryStore store, NotificationSettingsCache settings, IAlertStore alerts, NotificationTemplates templates, StormGuardTable storm,
    RetrySchedule retries, IEnumerable<ISender> senders, DeliveryOptions options, TimeProvider time, ILogger<DeliveryRunner> log)
{
    private readonly Dictionary<ChannelKind, ISender> _senders = senders.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Last());
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly SemaphoreSlim _sendSlots = new(options.Concurrency, options.Concurrency);
    private readonly SendsInFlight _inFlight = new(Math.Max(options.BatchSize, options.Concurrency * 4));
    // Where a pending digest goes: the last coalesced delivery's target for that storm key.
    private readonly ConcurrentDictionary<StormKey, PlannedDigest> _digestTargets = new();
    private bool _leasesReleased;

    private sealed record PlannedDigest(Guid TenantId, long? UserId, long? ChannelId, string Target);

    /// <summary>Runs one pass and waits until every send it (or an earlier pass) started is recorded; returns how many deliveries were attempted or settled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _inFlight.DrainAsync().ConfigureAwait(false);
        var total = await DispatchAsync(ct).ConfigureAwait(false);
        await _inFlight.DrainAsync().ConfigureAwait(false);
        return total;
    }

    /// <summary>Completes when every send started so far is recorded (or cancelled).</summary>
    public Task DrainAsync() => _inFlight.DrainAsync();

    /// <summary>Runs one pass and returns once its batches are with the senders (the worker's pass).</summary>
    public async Task<int> DispatchAsync(CancellationToken ct)
    {
        await _pass.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (!_leasesReleased)
            {
                // Leases of processes that died mid-send: sent again now rather than when the lease runs out.
                await store.ReleaseLeasesAsync(now, ct).ConfigureAwait(false);
                _leasesReleased = true;
            }
            await EmitDigestsAsync(now, ct).ConfigureAwait(false);
            var claim = new DeliveryClaim(now + options.Lease, options.BatchSize);
            await ReadyToClaimAsync(now, ct).ConfigureAwait(false);
            var cache = new PassCache(settings);
            // The first claim rides in the transaction that expands fresh outbox rows, when there are any.
            var expandedAndClaimed = await ExpandAsync(now, claim, cache, ct).ConfigureAwait(false);
            var total = 0;
            while (true)
            {
                if (total > 0)
                {
                    await ReadyToClaimAsync(now, ct).ConfigureAwait(false);
                    // A later batch may have waited for room: its lease runs from its own claim, not from the pass's start.
                    claim = claim with { LeaseUntil = time.GetUtcNow() + options.Lease };
                }
                var claimed = expandedAndClaimed ?? await store.ClaimAsync(now, claim.LeaseUntil, claim.Limit, ct).ConfigureAwait(false);
                expandedAndClaimed = null;
                if (claimed.Count == 0) break;
                await DeliverAsync(claimed, cache, now, claim.LeaseUntil, ct).ConfigureAwait(false);
                total += claimed.Count;
                if (claimed.Count < options.BatchSize) break;
            }
            return total;
        }
        finally { _pass.Release(); }
    }

    // Claim no more than the senders can start well within the lease, and nothing this process still sends.
    private async Task ReadyToClaimAsync(DateTimeOffset now, CancellationToken ct)
    {
        await _inFlight.WaitForRoomAsync(ct).ConfigureAwait(false);
        await _inFlight.LeaseEndedAsync(now).WaitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Expands every due outbox row; returns what the last expansion transaction claimed, or null if it claimed nothing.</summary>
    private async Task<IReadOnlyList<ClaimedDelivery>?> ExpandAsync(DateTimeOffset now, DeliveryClaim claim, PassCache cache, CancellationToken ct)
    {
        while (true)
        {
            var pending = await store.PendingAsync(now, options.BatchSize, ct).ConfigureAwait(false);
            var plans = new Dictionary<(Guid, string, long?, string, string), IReadOnlyList<PlannedDelivery>>();
            var batch = new List<(PendingNotification, IReadOnlyList<PlannedDelivery>)>(pending.Count);
            foreach (var row in pending)
            {
                if (NotificationEvents.DirectKindOf(row.Channel) is { } direct)
                {
                    // The row names its own targets, so its plan is its own.
                    batch.Add((row, DeliveryPlanner.ForTargets(direct, Targets(row.Payload), row.CreatedAt)));
                    continue;
                }
                // Rows of one recipient in a burst share a plan (same rules, same created time in the batch is not assumed).
                var kinds = AlertNotifications.KindsOf(row.Payload);
                var planKey = (row.TenantId, row.Channel, row.UserId, row.EventType, kinds is null ? "*" : string.Join(',', kinds));
                if (!plans.TryGetValue(planKey, out var plan)) plans[planKey] = plan = await PlanAsync(row with { CreatedAt = DateTimeOffset.UnixEpoch }, kinds, await cache.SettingsAsync(row.TenantId, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
                batch.Add((row, plan.Select(p => p with { DueAt = row.CreatedAt + (p.DueAt - DateTimeOffset.UnixEpoch) }).ToList()));
            }
            var last = pending.Count < options.BatchSize;
            var claimed = await store.ExpandAndClaimAsync(batch, now, last ? claim : null, ct).ConfigureAwait(false);
            if (last) return claimed.Count > 0 ? claimed : null;
        }
    }

    private static IReadOnlyList<string> Targets(string payload) =>
        JsonNode.Parse(payload)?[NotificationEnqueue.TargetsField]?.AsArray().Select(t => (string?)t).OfType<string>().ToList() ?? [];

    private async Task<IReadOnlyList<PlannedDelivery>> PlanAsync(PendingNotification row, IReadOnlyList<ChannelKind>? kinds, TenantNotificationSettings tenant, CancellationToken ct)
    {
        if (NotificationEvents.ChannelIdOf(row.Channel) is { } channelId)
        {
            var channel = await tenant.ChannelAsync(channelId, ct).ConfigureAwait(false);
            if (channel is null) LogChannelMissing(log, row.Id, channelId);
            // A disabled channel (IBM "enabled": false) stays referenced by its alerts but notifies nobody.
            return channel is null || !channel.Enabled ? [] : DeliveryPlanner.ForChannel(channel, row.CreatedAt);
        }
        if (row.UserId is not { } userId) return [];
        var (rules, methods) = await tenant.UserAsync(userId, ct).ConfigureAwait(false);
        return DeliveryPlanner.ForUser(userId, row.EventType, rules, methods, row.CreatedAt, kinds);
    }

    private async Task EmitDigestsAsync(DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (key, digest) in storm.CloseDue(now))
        {
            if (!_digestTargets.TryRemove(key, out var to)) continue;
            var payload = new JsonObject
            {
                ["count"] = digest.Count,
                ["alertIds"] = new JsonArray(digest.AlertIds.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
                ["from"] = digest.From.ToUnixTimeMilliseconds(),
                ["to"] = digest.To.ToUnixTimeMilliseconds(),
            }.ToJsonString();
            var planned = new PlannedDelivery(to.UserId, to.ChannelId, key.Channel, to.Target, false, now, "");
            var idempotencyKey = $"digest:{key.Channel.ToWire()}:{key.UserId}:{digest.From.ToUnixTimeMilliseconds()}";
            await store.AddAsync(to.TenantId, digest.AlertIds.FirstOrDefault() is var first and > 0 ? first : null, planned,
                NotificationEvents.Digest, payload, idempotencyKey, now, ct).ConfigureAwait(false);
            LogDigest(log, digest.Count, key.Channel.ToWire(), key.UserId);
        }
    }

    private async Task DeliverAsync(IReadOnlyList<ClaimedDelivery> claimed, PassCache cache, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken ct)
    {
        var settled = new List<(long, string, string)>();
        var ready = new List<(ClaimedDelivery Row, Delivery Message)>();
        // The alerts of the whole batch in one statement per tenant rather than one connection and query per alert.
        foreach (var tenant in claimed.Where(d => d.AlertId is not null && d.EventType != NotificationEvents.Digest).GroupBy(d => d.TenantId))
            await cache.PrefetchAsync(alerts, tenant.Key, tenant.Select(d => d.AlertId!.Value).Distinct().ToList(), ct).ConfigureAwait(false);
        foreach (var d in claimed)
        {
            var alert = d.AlertId is { } alertId && d.EventType != NotificationEvents.Digest ? await cache.AlertAsync(alerts, d.TenantId, alertId, ct).ConfigureAwait(false) : null;
            if (d.RequireOpen && alert?.Status != AlertStatus.Triggered)
            {
                settled.Add((d.Id, DeliveryStatus.Skipped, $"alert is {alert?.Status.ToWire() ?? "gone"}; delayed rules notify only while it is unacknowledged"));
                continue;
            }
            if (d.EventType != NotificationEvents.Digest)
            {
                // Users by id, shared channels by negative id, targets named by a dialect (direct rows) by their address.
                var key = new StormKey(d.UserId ?? (d.ChannelId is { } c ? -c : long.MinValue + (uint)StringComparer.Ordinal.GetHashCode(d.Target)), d.Kind);
                if (storm.Offer(key, d.AlertId, now) == StormDecision.Coalesce)
                {
                    _digestTargets[key] = new PlannedDigest(d.TenantId, d.UserId, d.ChannelId, d.Target);
                    settled.Add((d.Id, DeliveryStatus.Coalesced, "held back by storm control; counted in the next digest"));
                    continue;
                }
            }
            var overrides = await (await cache.SettingsAsync(d.TenantId, ct).ConfigureAwait(false)).TemplatesAsync(ct).ConfigureAwait(false);
            var rendered = Render(d, alert, overrides, now);
            ready.Add((d, new Delivery(d.Id, d.TenantId, d.AlertId, d.Kind, d.Target, rendered.Subject, rendered.Text, rendered.Html, rendered.Json,
                d.IdempotencyKey, d.Attempt, d.CreatedAt)));
        }
        await store.SettleAsync(settled, now, ct).ConfigureAwait(false);
        if (ready.Count > 0) _inFlight.Add(SendAndRecordAsync(ready, now, ct), ready.Count, leaseUntil);
    }

    private async Task SendAndRecordAsync(List<(ClaimedDelivery Row, Delivery Message)> ready, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            var outcomes = await Task.WhenAll(ready.Select(r => SendInSlotAsync(r.Row, r.Message, now, ct))).ConfigureAwait(false);
            await store.RecordAsync(outcomes, now, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The rows stay leased and are sent again once the lease ends, with the same idempotency keys.
            LogRecordFailed(log, ready.Count, e);
        }
        catch (OperationCanceledException) { }
    }

    private async Task<AttemptOutcome> SendInSlotAsync(ClaimedDelivery row, Delivery message, DateTimeOffset now, CancellationToken ct)
    {
        await _sendSlots.WaitAsync(ct).ConfigureAwait(false);
        try { return await AttemptAsync(row, message, now, ct).ConfigureAwait(false); }
        finally { _sendSlots.Release(); }
    }

    private async Task<AttemptOutcome> AttemptAsync(ClaimedDelivery row, Delivery message, DateTimeOffset now, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        SendResult result;
        try
        {
            result = _senders.TryGetValue(row.Kind, out var sender)
                ? await sender.SendAsync(message, ct).ConfigureAwait(false)
                : new SendResult.Fail($"no sender for {row.Kind.ToWire()} is configured on this server");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Senders classify expected failures themselves; anything thrown is unexpected but may pass (a full disk).
            result = new SendResult.Retry($"{e.GetType().Name}: {e.Message}");
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        var kind = row.Kind.ToWire();
        switch (result)
        {
            case SendResult.Sent s:
                LogSent(log, row.Id, kind, row.Attempt);
                return new(row.Id, row.Attempt, DeliveryStatus.Sent, null, s.ExternalId, elapsed, null);
            case SendResult.Fail f:
                LogFailed(log, row.Id, kind, row.Attempt, f.Error);
                return new(row.Id, row.Attempt, DeliveryStatus.Failed, f.Error, null, elapsed, null);
            case SendResult.Retry r:
                var next = retries.Next(row.Attempt, row.CreatedAt, now, r.RetryAfter);
                if (next.ShouldGiveUp)
                {
                    LogGaveUp(log, row.Id, kind, row.Attempt, r.Error);
                    return new(row.Id, row.Attempt, DeliveryStatus.Failed, $"gave up after {row.Attempt} attempts: {r.Error}", null, elapsed, null);
                }
                LogRetry(log, row.Id, kind, row.Attempt, r.Error, next.NextAttemptAt!.Value);
                return new(row.Id, row.Attempt, DeliveryStatus.Retry, r.Error, null, elapsed, next.NextAttemptAt);
            default:
                throw new UnreachableException();
        }
    }

    private RenderedNotification Render(ClaimedDelivery d, Alert? alert, IReadOnlyDictionary<(ChannelKind, NotificationEvent), TemplateSet> overrides, DateTimeOffset now)
    {
        var @event = DeliveryPlanner.TemplateEvent(d.EventType);
        // A dialect's own webhook body (Twilio Flex notifications) is sent as it is; the other parts render as usual.
        var verbatim = d.Kind == ChannelKind.Webhook && d.Payload.Contains(NotificationEnqueue.WebhookBodyField, StringComparison.Ordinal)
            ? (string?)JsonNode.Parse(d.Payload)?[NotificationEnqueue.WebhookBodyField]
            : null;
        var context = alert is not null ? DeliveryPlanner.Context(alert, @event, options.ConsoleUrl, now) : FromPayload(d, @event, now);
        if (verbatim is not null) return templates.Render(d.Kind, @event, context) with { Json = verbatim };
        if (overrides.TryGetValue((d.Kind, @event), out var custom))
        {
            // A template saved before a bug fix or against a changed model must not stop pages: fall back to the default.
            try { return templates.Render(d.Kind, @event, context, custom); }
            catch (Exception e) when (e is HandlebarsDotNet.HandlebarsException or FormatException) { LogTemplateFailed(log, d.Id, e.Message); }
        }
        return templates.Render(d.Kind, @event, context);
    }

    /// <summary>The outbox payload's copy of the alert, for digests and for alerts deleted since.</summary>
    private NotificationContext FromPayload(ClaimedDelivery d, NotificationEvent @event, DateTimeOffset now)
    {
        var p = JsonNode.Parse(d.Payload)?.AsObject() ?? [];
        StormDigest? digest = null;
        if (@event == NotificationEvent.Digest)
            digest = new StormDigest((int?)p["count"] ?? 0, [.. (p["alertIds"]?.AsArray() ?? []).Select(n => (long)n!)],
                DateTimeOffset.FromUnixTimeMilliseconds((long?)p["from"] ?? 0), DateTimeOffset.FromUnixTimeMilliseconds((long?)p["to"] ?? 0));
        var alertId = d.AlertId ?? 0;
        return new NotificationContext(@event, alertId, (long?)p["number"] ?? 0, (string?)p["title"] ?? digest?.Text ?? "Tocsin notification", null,
            (string?)p["status"] ?? "triggered", (string?)p["priority"] ?? "high", null, new Dictionary<string, string>(), [],
            options.ConsoleUrl is { } url && alertId > 0 ? $"{url.TrimEnd('/')}/alerts/{alertId.ToString(CultureInfo.InvariantCulture)}" : null, null, now, digest);
    }

    /// <summary>Per-pass reads: an alert, or a tenant's settings version, is read once however many deliveries need it.</summary>
    private sealed class PassCache(NotificationSettingsCache settings)
    {
        private readonly Dictionary<(Guid, long), Alert?> _alerts = [];
        private readonly Dictionary<Guid, TenantNotificationSettings> _settings = [];

        public async Task PrefetchAsync(IAlertStore store, Guid tenantId, IReadOnlyList<long> ids, CancellationToken ct)
        {
            var missing = ids.Where(id => !_alerts.ContainsKey((tenantId, id))).ToList();
            if (missing.Count == 0) return;
            foreach (var id in missing) _alerts[(tenantId, id)] = null; // deleted since: rendered from the payload, as before
            foreach (var alert in await store.GetManyAsync(tenantId, missing, ct).ConfigureAwait(false)) _alerts[(tenantId, alert.Id)] = alert;
        }

        public async ValueTask<Alert?> AlertAsync(IAlertStore store, Guid tenantId, long id, CancellationToken ct)
        {
            if (!_alerts.TryGetValue((tenantId, id), out var alert)) _alerts[(tenantId, id)] = alert = await store.GetAsync(tenantId, id, ct).ConfigureAwait(false);
            return alert;
        }

        public async ValueTask<TenantNotificationSettings> SettingsAsync(Guid tenantId, CancellationToken ct)
        {
            if (!_settings.TryGetValue(tenantId, out var tenant))
                _settings[tenantId] = tenant = await settings.ForTenantAsync(tenantId, ct).ConfigureAwait(false);
            return tenant;
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Delivery {DeliveryId} sent over {Channel} (attempt {Attempt})")]
    private static partial void LogSent(ILogger logger, long deliveryId, string channel, int attempt);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Delivery {DeliveryId} over {Channel} failed permanently on attempt {Attempt}: {Error}")]
    private static partial void LogFailed(ILogger logger, long deliveryId, string channel, int attempt, string error);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Delivery {DeliveryId} over {Channel} attempt {Attempt} failed, retrying at {NextAttemptAt}: {Error}")]
    private static partial void LogRetry(ILogger logger, long deliveryId, string channel, int attempt, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "Delivery {DeliveryId} over {Channel} given up after {Attempt} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, long deliveryId, string channel, int attempt, string error);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Storm control: digest of {Count} notifications for {Channel} recipient {Recipient}")]
    private static partial void LogDigest(ILogger logger, int count, string channel, long recipient);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Outbox row {OutboxId} names channel {ChannelId}, which no longer exists; nothing to deliver")]
    private static partial void LogChannelMissing(ILogger logger, long outboxId, long channelId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Sending or recording a batch of {Count} deliveries failed; they are retried when their lease ends")]
    private static partial void LogRecordFailed(ILogger logger, int count, Exception e);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Custom template failed for delivery {DeliveryId}, using the default: {Error}")]
    private static partial void LogTemplateFailed(ILogger logger, long deliveryId, string error);
}
