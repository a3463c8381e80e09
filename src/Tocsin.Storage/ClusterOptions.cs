namespace Tocsin.Storage;

/// <summary>This process as one node of a cluster sharing a database (<c>Tocsin:Cluster</c>). On SQLite there is one node.</summary>
public sealed class ClusterOptions
{
    /// <summary>Unique per process start, so a restarted node never mistakes an old lease for its own.</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Shown by <c>GET /api/v1/cluster</c>; default host:pid.</summary>
    public string? NodeName { get; set; }

    /// <summary>How often this node heartbeats; a node silent for 3 beats is shown as not alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node last heard of longer ago than this (three missed beats) is taken to be dead.</summary>
    public TimeSpan AliveWindow => 3 * HeartbeatInterval;

    /// <summary>
    /// How long claimed work (an escalation step, a delivery) stays with the node that claimed it. If the node dies
    /// mid-work, another node takes the work once the lease passes: at-least-once, never lost.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    public string Name => string.IsNullOrWhiteSpace(NodeName) ? $"{Environment.MachineName}:{Environment.ProcessId}" : NodeName;

    public ClusterOptions Validated() =>
        HeartbeatInterval <= TimeSpan.Zero || HeartbeatInterval > TimeSpan.FromMinutes(5)
            ? throw new InvalidOperationException($"Tocsin:Cluster:HeartbeatInterval must be between 0 and 5 minutes, not {HeartbeatInterval}")
            : LeaseDuration < TimeSpan.FromSeconds(1) || LeaseDuration > TimeSpan.FromHours(1)
                ? throw new InvalidOperationException($"Tocsin:Cluster:LeaseDuration must be between 1 second and 1 hour, not {LeaseDuration}")
                : this;
}
