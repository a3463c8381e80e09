using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Workers;

/// <summary>
/// A thin loop around <see cref="DeliveryRunner.RunOnceAsync"/> (tests call that directly). It runs a pass on every
/// poll tick, and also as soon as an alert write commits (see <see cref="DeliveryWakeup"/>), so a page does not wait
/// out the poll interval.
/// </summary>
internal sealed partial class DeliveryWorker(DeliveryRunner runner, DeliveryWakeup wakeup, TimeProvider time, DeliveryOptions options, ILogger<DeliveryWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.WorkerEnabled) return;
        using var timer = new PeriodicTimer(options.PollInterval, time);
        var tick = timer.WaitForNextTickAsync(ct).AsTask();
        var woke = wakeup.WaitAsync(ct);
        try
        {
            while (true)
            {
                var done = await Task.WhenAny(tick, woke).ConfigureAwait(false);
                if (done == tick)
                {
                    if (!await tick.ConfigureAwait(false)) break;
                    tick = timer.WaitForNextTickAsync(ct).AsTask();
                }
                else
                {
                    await woke.ConfigureAwait(false);
                    woke = wakeup.WaitAsync(ct);
                }
                try { await runner.RunOnceAsync(ct).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException) { CycleFailed(log, e); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    [LoggerMessage(EventId = 4000, Level = LogLevel.Error, Message = "Delivery cycle failed; due deliveries stay due and are retried next tick")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}

/// <summary>Wakes the delivery worker after a commit that may have written outbox rows. Coalesces: many commits, one pass.</summary>
public sealed class DeliveryWakeup : IAlertCommitListener
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void OnCommitted(IReadOnlyList<AlertChange> changes)
    {
        if (changes.Count == 0) return;
        Poke();
    }

    public void Poke()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { } // already signalled
    }

    public Task WaitAsync(CancellationToken ct) => _signal.WaitAsync(ct);
}
