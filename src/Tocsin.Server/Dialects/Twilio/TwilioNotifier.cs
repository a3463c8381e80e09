using System.Globalization;
using System.Text.Json;
using Tocsin.Core.Notifications;
using Tocsin.Core.Rules;
using Tocsin.Server.Notifications;
using Tocsin.Storage;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Delivers Flex rule notifications (#9): for each Twilio rule with <c>notify_enabled</c>, every firing segment whose level is at
/// or above <c>notify_severity</c> is posted once per firing episode to the webhook endpoints of its notification configuration.
/// </summary>
/// <remarks>
/// Stop-gap until the notification outbox (channels branch) exists: one attempt per tick, a Retry outcome is tried again on the
/// next tick, Sent/Fail are recorded and not repeated. <c>in_app</c> and <c>email</c> destinations are stored but not delivered.
/// </remarks>
internal sealed partial class TwilioNotifier(ITwilioStore store, RuleService rules, TimeProvider time, ILogger<TwilioNotifier> log)
{
    private static readonly string[] QueueSegment = [TwilioMapping.QueueLabel];
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly WebhookSender _webhook = new(NotificationHttp.CreateClient(new AddressGuard()), new WebhookOptions(), time);

    /// <summary>One pass; returns how many episodes were recorded as delivered.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var delivered = 0;
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
                    var retry = false;
                    foreach (var endpoint in destinations.Webhook?.Endpoints ?? [])
                    {
                        var key = $"twilio-{ruleSid}-{s.SegmentKey}-{since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-{level}";
                        var result = await _webhook.SendAsync(new Delivery(0, row.TenantId, null, ChannelKind.Webhook, endpoint!,
                            $"{record.Rule.Name}: {level}", null, null, payload, key, 1, now), ct);
                        if (result is SendResult.Sent) continue;
                        retry |= result is SendResult.Retry;
                        DeliveryFailed(log, ruleSid, endpoint!, result.ToString());
                    }
                    if (!retry && await store.TryRecordDeliveryAsync(row.RuleId, s.SegmentKey, since, level, now, ct)) delivered++;
                }
            }
            return delivered;
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Twilio rule {RuleSid} notification to {Endpoint} failed: {Result}")]
    private static partial void DeliveryFailed(ILogger logger, string ruleSid, string endpoint, string result);

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
