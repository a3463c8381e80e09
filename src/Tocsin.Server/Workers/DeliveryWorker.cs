using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Workers;

/// <summary>
/// A thin loop around <see cref="DeliveryRunner.DispatchAsync"/> (tests call <see cref="DeliveryRunner.RunOnceAsync"/>,
/// which also waits for the sends). It runs a pass on every poll tick, and also as soon as an alert write that queued
/// notifications commits (see <see cref="DeliveryWakeup"/>), so a page does not wait out the poll interval.
/// </summary>
internal sealed partial class DeliveryWorker(DeliveryRunner runner, DeliveryWakeup wakeup, TimeProvider time, DeliveryOptions options, ILogger<DeliveryWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.WorkerEnabled) return;
        await PollOrWakeLoop.RunAsync(options.PollInterval, time, wakeup, runner.DispatchAsync, e => CycleFailed(log, e), ct).ConfigureAwait(false);
        // Stopping cancelled the sends in flight; their rows stay leased until released at the next start.
        await runner.DrainAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "Delivery cycle failed; due deliveries stay due and are retried next tick")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}

/// <summary>Wakes the delivery worker after a commit that wrote outbox rows. Coalesces: many commits, one pass.</summary>
public sealed class DeliveryWakeup : WakeSignal, IOutboxCommitListener
{
    public void OnOutboxCommitted() => Poke();
}
