using Tocsin.Core.Notifications;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Workers;

/// <summary>
/// A thin timer loop around the two re-notification passes, <see cref="RenotifyRunner.RunOnceAsync"/> (sources) and
/// <see cref="RuleRenotifyRunner.RunOnceAsync"/> (firing rules); its own worker so a slow sweep never delays deliveries.
/// </summary>
internal sealed partial class RenotifyWorker(RenotifyRunner runner, RuleRenotifyRunner rules, TimeProvider time, DeliveryOptions options, ILogger<RenotifyWorker> log) : BackgroundService
{
    // Re-notification periods are minutes long; checking every few seconds is plenty and keeps the sweep query rare.
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!options.WorkerEnabled) return;
        using var timer = new PeriodicTimer(options.PollInterval > MinimumInterval ? options.PollInterval : MinimumInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await runner.RunOnceAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException) { CycleFailed(log, e); }
                try { await rules.RunOnceAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException) { CycleFailed(log, e); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    [LoggerMessage(EventId = 4010, Level = LogLevel.Error, Message = "Re-notify cycle failed; due alerts stay due and are retried next tick")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}
