using Tocsin.Core.Escalation;

namespace Tocsin.Server.Workers;

/// <summary>Options of the escalation worker (<c>Tocsin:Escalation</c>).</summary>
public sealed class EscalationOptions
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often due escalation steps are looked for. Default 1 s; a step runs at most this late.</summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>Fails start-up on a nonsensical interval rather than spinning or never paging.</summary>
    public EscalationOptions Validated() =>
        PollInterval > TimeSpan.Zero && PollInterval <= TimeSpan.FromMinutes(1)
            ? this
            : throw new InvalidOperationException($"Tocsin:Escalation:PollInterval must be between 0 and 1 minute, not {PollInterval}");
}

/// <summary>A thin timer loop; the work is <see cref="EscalationRunner.RunOnceAsync"/>, which tests call directly.</summary>
internal sealed partial class EscalationWorker(EscalationRunner runner, TimeProvider time, EscalationOptions options, ILogger<EscalationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
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

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Escalation cycle failed; due steps stay due and are retried next tick")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}
