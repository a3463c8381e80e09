using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Tocsin.Storage;
using Tocsin.Storage.Sql.Cluster;

namespace Tocsin.Server.Cluster;

/// <summary>
/// Announces this node in the nodes table, heartbeats, and leaves on a clean stop. A node that dies stops heartbeating;
/// others see it as not alive after three missed beats and forget it after an hour.
/// </summary>
public sealed partial class ClusterMembership(SqlNodeStore nodes, ClusterOptions cluster, TimeProvider time, IServer server,
    ILogger<ClusterMembership> log) : BackgroundService
{
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public static string Version { get; } = typeof(ClusterMembership).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>True when a node last heard of at <paramref name="heartbeatAt"/> is taken to be running.</summary>
    public bool IsAlive(DateTimeOffset heartbeatAt, DateTimeOffset now) => now - heartbeatAt <= cluster.AliveWindow;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await BeatAsync(ct).ConfigureAwait(false);
        using var timer = new PeriodicTimer(cluster.HeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false)) await BeatAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task BeatAsync(CancellationToken ct)
    {
        try
        {
            // Upserting every beat also records the listening address once Kestrel has bound it (after this service started).
            var now = time.GetUtcNow();
            await nodes.AnnounceAsync(new NodeRecord(cluster.NodeId, cluster.Name, Address(), Version, _startedAt, now), ct).ConfigureAwait(false);
            await nodes.HeartbeatAsync(cluster.NodeId, now, ForgetAfter, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException) { HeartbeatFailed(log, e); }
    }

    private string? Address() => server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct).ConfigureAwait(false);
        try { await nodes.LeaveAsync(cluster.NodeId, ct).ConfigureAwait(false); }
        catch (Exception e) when (e is not OperationCanceledException) { HeartbeatFailed(log, e); }
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Cluster heartbeat failed; retrying next beat")]
    private static partial void HeartbeatFailed(ILogger logger, Exception e);
}
