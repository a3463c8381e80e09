using Microsoft.Extensions.Options;

namespace Tocsin.Server.Workers;

/// <summary>Thin loop around <see cref="RuleEvaluationRunner.RunOnceAsync"/>, which tests call directly.</summary>
internal sealed class RuleEvaluationWorker(RuleEvaluationRunner runner, TimeProvider time, IOptions<RuleEvaluationOptions> options, ILogger<RuleEvaluationWorker> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try { await runner.RunOnceAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException) { RuleLogMessages.WorkerCycleFailed(log, e, nameof(RuleEvaluationWorker)); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
