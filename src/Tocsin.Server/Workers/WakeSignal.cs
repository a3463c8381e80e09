namespace Tocsin.Server.Workers;

/// <summary>
/// A coalescing wake-up: any number of pokes before the waiter runs count as one, so a burst of commits costs one pass.
/// </summary>
public class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Poke()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { } // already signalled
    }

    public Task WaitAsync(CancellationToken ct) => _signal.WaitAsync(ct);
}

/// <summary>
/// The loop shared by workers that run a pass on every poll tick and also as soon as their <see cref="WakeSignal"/> is
/// poked: the poke makes work that a commit just created run at once, the poll catches work that comes due by the clock.
/// A failed pass is reported and the loop goes on; the due work stays due for the next pass.
/// </summary>
internal static class PollOrWakeLoop
{
    public static async Task RunAsync(TimeSpan poll, TimeProvider time, WakeSignal? wakeup, Func<CancellationToken, Task> pass,
        Action<Exception> failed, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(poll, time);
        var tick = timer.WaitForNextTickAsync(ct).AsTask();
        var woke = Wait(wakeup, time, ct);
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
                    woke = Wait(wakeup, time, ct);
                }
                try { await pass(ct).ConfigureAwait(false); }
                catch (Exception e) when (e is not OperationCanceledException) { failed(e); }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private static Task Wait(WakeSignal? wakeup, TimeProvider time, CancellationToken ct) => wakeup?.WaitAsync(ct) ?? Task.Delay(Timeout.InfiniteTimeSpan, time, ct);
}
