using Tocsin.Core.Alerts;

namespace Tocsin.Server.Workers;

/// <summary>Options of housekeeping (<c>Tocsin:Retention</c>).</summary>
public sealed class RetentionOptions
{
    public static readonly TimeSpan DefaultIdempotencyTtl = TimeSpan.FromHours(24);
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(10);

    /// <summary>How long a retried request (same Idempotency-Key or event id) still returns the first answer. Default 24 h.</summary>
    public TimeSpan IdempotencyTtl { get; set; } = DefaultIdempotencyTtl;

    /// <summary>How often housekeeping runs. Default 10 minutes.</summary>
    public TimeSpan Interval { get; set; } = DefaultInterval;

    public RetentionOptions Validated() =>
        IdempotencyTtl >= TimeSpan.FromMinutes(1) && Interval > TimeSpan.Zero
            ? this
            : throw new InvalidOperationException("Tocsin:Retention:IdempotencyTtl must be at least 1 minute and Interval positive");
}

/// <summary>Purges expired idempotency records in small batches.</summary>
public sealed class RetentionRunner(IRetentionStore store, TimeProvider time, RetentionOptions options)
{
    public const int BatchSize = 5_000;

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - options.IdempotencyTtl;
        var total = 0;
        int removed;
        do
        {
            removed = await store.PurgeIdempotencyAsync(before, BatchSize, ct);
            total += removed;
        } while (removed == BatchSize && !ct.IsCancellationRequested);
        return total;
    }
}

internal sealed partial class RetentionWorker(RetentionRunner runner, TimeProvider time, RetentionOptions options, ILogger<RetentionWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
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

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Retention cycle failed; it is retried next interval")]
    private static partial void CycleFailed(ILogger logger, Exception e);
}
