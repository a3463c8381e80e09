using Tocsin.Core.Alerts;

namespace Tocsin.Server.Tests.Infrastructure;

public static class WriterBatches
{
    /// <summary>
    /// Queues three commands while the writer's loop is held by a command of its own, so they wait together and the
    /// loop takes them in one go; returns them unawaited.
    /// </summary>
    public static async Task<(Task<T>, Task<T>, Task<T>)> AsOneBatchAsync<T>(this AlertWriter writer,
        Func<Task<T>> first, Func<Task<T>> second, Func<Task<T>> third)
    {
        var running = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var holding = writer.ExecuteAsync(async _ => { running.SetResult(); await release.Task; return true; }, default);
        // Until the loop runs the holder, it may still take the first command into the holder's batch.
        await running.Task;
        var queued = (first(), second(), third());
        release.SetResult();
        await holding;
        return queued;
    }
}
