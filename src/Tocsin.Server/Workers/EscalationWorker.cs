using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;

namespace Tocsin.Server.Workers;

/// <summary>Options of the escalation worker (<c>Tocsin:Escalation</c>).</summary>
public sealed class EscalationOptions
{
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often due escalation steps are looked for. Default 1 s; a step that comes due by the clock runs at most this late.
    /// A step made due by a write (a new alert, an assignment) does not wait: the commit wakes the worker.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = DefaultPollInterval;

    /// <summary>Fails start-up on a nonsensical interval rather than spinning or never paging.</summary>
    public EscalationOptions Validated() =>
        PollInterval > TimeSpan.Zero && PollInterval <= TimeSpan.FromMinutes(1)
            ? this
            : throw new InvalidOperationException($"Tocsin:Escalation:PollInterval must be between 0 and 1 minute, not {PollInterval}");
}

/// <summary>
/// A thin loop around <see cref="EscalationRunner.DispatchAsync"/> (tests call <see cref="EscalationRunner.RunOnceAsync"/>,
/// which also waits for the commits). It runs a pass on every poll tick: steps come due by the clock here, since a step
/// that is due at once (rule 1 of a new alert without initial delay) runs inside the write that made it due.
/// </summary>
internal sealed partial class EscalationWorker(EscalationRunner runner, IEscalationStore store, TimeProvider time, EscalationOptions options,
    ILogger<EscalationWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await PollOrWakeLoop.RunAsync(options.PollInterval, time, null, runner.DispatchAsync, e => CycleFailed(log, e), ct).ConfigureAwait(false);
        await runner.DrainAsync().ConfigureAwait(false);
        // A graceful stop, possibly mid-pass, hands this node's claims back at once: the other nodes, or this process
        // once restarted (under a new node id), must not wait out the lease for steps it never ran. A step that did run
        // in the meantime is not run again: every step re-checks its row inside its own write transaction.
        try { await store.ReleaseClaimsAsync(CancellationToken.None).ConfigureAwait(false); }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException) { ReleaseFailed(log, e); }
    }

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Could not release this node's escalation claims on shutdown; they expire with their lease")]
    private static partial void ReleaseFailed(ILogger logger, Exception e);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Escalation cycle failed; due steps stay due and are retried next tick")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}
