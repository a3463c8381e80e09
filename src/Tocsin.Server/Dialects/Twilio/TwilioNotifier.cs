using System.Globalization;
using System.Text.Json;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Core.Rules;
using Tocsin.Storage;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Decides Flex rule notifications (#9): for each Twilio rule with <c>notify_enabled</c>, every firing segment whose level is at
/// or above <c>notify_severity</c> is notified once per firing episode to the destinations of its notification configuration:
/// webhook endpoints (the Flex notification JSON, verbatim), email recipients and in-app users (user SIDs naming Tocsin users).
/// </summary>
/// <remarks>
/// Delivery itself is the durable outbox's (#4): the episode's outbox rows are written through the <see cref="AlertWriter"/>
/// with idempotency keys per (episode, destination kind), so retries, attempt history and restarts are the delivery worker's,
/// and an episode enqueued twice (a crash before it was recorded) still delivers once.
/// </remarks>
internal sealed partial class TwilioNotifier(ITwilioStore store, RuleService rules, AlertWriter writer, TimeProvider time, ILogger<TwilioNotifier> log)
{
    private static readonly string[] QueueSegment = [TwilioMapping.QueueLabel];
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>One pass; returns how many episodes were enqueued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var enqueued = 0;
            var now = time.GetUtcNow();
            foreach (var row in await store.ListAllRulesAsync(ct))
            {
                var body = TwilioMapping.DeserializeBody(row.Body);
                if (!body.NotifyEnabled || body.NotifyMethodsId is null) continue;
                if (await rules.StateAsync(row.TenantId, row.RuleId, ct) is not var (record, states) || !record.Rule.Enabled) continue;
                foreach (var s in states.Values.Where(s => s.Status == SegmentStatus.Firing && TwilioMapping.Notifies(s.Level, body.NotifySeverity)))
                {
                    var since = s.FiringSince ?? s.EvaluatedAt;
                    var level = TwilioMapping.LevelName(s.Level);
                    if (await store.WasDeliveredAsync(row.RuleId, s.SegmentKey, since, level, ct)) continue;
                    // A dangling notify_methods_id (the seed's example references one) notifies nobody.
                    if (await store.GetConfigAsync(row.TenantId, body.NotifyMethodsId, ct) is not { } config) continue;
                    var destinations = JsonSerializer.Deserialize(config.Body, TwilioJson.Default.TwilioDestinations)!;
                    var queue = RuleAlertMapping.SegmentLabels(s.SegmentKey, QueueSegment).GetValueOrDefault(TwilioMapping.QueueLabel, "");
                    var ruleSid = TwilioSid.ForId(TwilioSid.Rule, row.RuleId);
                    var payload = JsonSerializer.Serialize(new TwilioNotification(TwilioAuth.AccountSid(row.TenantId), row.InstanceSid, ruleSid, record.Rule.Name,
                        body.MetricId, body.TaskChannelSid, queue, level, double.IsNaN(s.Value) ? null : s.Value, TwilioMapping.Iso(since), config.Ttid), TwilioJson.Default.TwilioNotification);
                    var key = $"twilio-{ruleSid}-{s.SegmentKey}-{since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{level}";
                    var targets = new List<(ChannelKind Kind, IReadOnlyList<string> Targets)>
                    {
                        (ChannelKind.Webhook, Present(destinations.Webhook?.Endpoints)),
                        (ChannelKind.Email, Present(destinations.Email?.EmailRecipients)),
                        // In-app recipients are user SIDs; those carrying a Tocsin user id reach that user's inbox.
                        (ChannelKind.InApp, Present(destinations.InApp?.Recipients?.UserSids).Select(UserId).OfType<string>().ToList()),
                    };
                    var title = $"{record.Rule.Name}: {level}";
                    var dedupKey = RuleDecision.DedupKeyFor(row.RuleId, s.SegmentKey);
                    await writer.ExecuteAsync(async w =>
                    {
                        var alert = (await w.Session.FindOpenAsync(row.TenantId, new OpenAlertMatch(dedupKey), 1, ct)) is [var open] ? open : null;
                        foreach (var (kind, list) in targets.Where(t => t.Targets.Count > 0))
                            await NotificationEnqueue.ToTargetsAsync(w, row.TenantId, alert, kind, list, NotificationEvents.Triggered, title,
                                $"{key}-{kind.ToWire()}", kind == ChannelKind.Webhook ? payload : null, ct);
                        return true;
                    }, ct);
                    if (await store.TryRecordDeliveryAsync(row.RuleId, s.SegmentKey, since, level, now, ct)) enqueued++;
                    else Enqueued(log, ruleSid, s.SegmentKey);
                }
            }
            return enqueued;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static List<string> Present(List<string?>? values) => values?.OfType<string>().Where(v => v.Length > 0).ToList() ?? [];

    private static string? UserId(string sid) =>
        TwilioSid.TryParseId(sid, "US", out var id) || TwilioSid.TryParseId(sid, "FU", out id) ? id.ToString(CultureInfo.InvariantCulture) : null;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Twilio rule {RuleSid} segment {Segment}: episode was already recorded; its outbox rows were not duplicated")]
    private static partial void Enqueued(ILogger logger, string ruleSid, string segment);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Error, Message = "Twilio notifier cycle failed")]
    public static partial void CycleFailed(ILogger logger, Exception exception);
}

/// <summary>Thin loop around <see cref="TwilioNotifier.RunOnceAsync"/>, which tests call directly.</summary>
internal sealed class TwilioNotifierWorker(TwilioNotifier notifier, TimeProvider time, ILogger<TwilioNotifier> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await notifier.RunOnceAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException) { TwilioNotifier.CycleFailed(log, e); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
