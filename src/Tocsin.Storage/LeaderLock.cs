namespace Tocsin.Storage;

/// <summary>
/// "Only one node does this": work that must run once per cycle across the cluster (rule evaluation) runs only on the
/// node holding the lock. The holder keeps it while its process lives; when it dies, another node takes over.
/// </summary>
public interface ILeaderLock : IAsyncDisposable
{
    /// <summary>True when this node holds the lock (taking it if it is free).</summary>
    ValueTask<bool> TryHoldAsync(CancellationToken ct);
}

/// <summary>On an embedded database there is only one node, and it always leads.</summary>
public sealed class SingleNodeLeader : ILeaderLock
{
    public ValueTask<bool> TryHoldAsync(CancellationToken ct) => ValueTask.FromResult(true);
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
