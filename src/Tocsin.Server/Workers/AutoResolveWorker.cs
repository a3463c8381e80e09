using Tocsin.Core.Alerts;

namespace Tocsin.Server.Workers;

/// <summary>A thin timer loop around <see cref="AutoResolveRunner.RunOnceAsync"/>; auto-resolve timeouts are minutes long, so a few seconds late is fine.</summary>
internal sealed partial class AutoResolveWorker(AutoResolveRunner runner, TimeProvider time, EscalationOptions options, ILogger<AutoResolveWorker> log) : BackgroundService
{
    private static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.PollInterval > MinimumInterval ? options.PollInterval : MinimumInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await runner.RunOnceAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException) { CycleFailed(log, e); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Auto-resolve cycle failed; due alerts stay due and are retried once their lease lapses")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}
