using Microsoft.Extensions.Options;

namespace Tocsin.Server.Workers;

/// <summary>Thin loop around <see cref="RuleEvaluationRunner.RunOnceAsync"/>, which tests call directly.</summary>
/// <remarks>
/// With several nodes on one database only the node holding the rule leader lock evaluates, so each rule is evaluated
/// once per cycle; if that node dies its lock goes with its connection and another node takes over on its next tick.
/// </remarks>
internal sealed class RuleEvaluationWorker(RuleEvaluationRunner runner, TimeProvider time, IOptions<RuleEvaluationOptions> options,
    Tocsin.Storage.Database db, ILogger<RuleEvaluationWorker> log) : BackgroundService
{
    private const long LeaderKey = 0x70c5_1e01;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        await using var leader = db.CreateLeaderLock(LeaderKey);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    if (await leader.TryHoldAsync(ct)) await runner.RunOnceAsync(ct);
                }
                catch (Exception e) when (e is not OperationCanceledException) { RuleLogMessages.WorkerCycleFailed(log, e, nameof(RuleEvaluationWorker)); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
