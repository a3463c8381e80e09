using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Threading.Channels;
using Tocsin.Storage;
using Tocsin.Storage.Sql.Cluster;

namespace Tocsin.Server.Cluster;

/// <summary>
/// Metric samples live in each node's memory, and rules are evaluated by one leader node; so every node forwards the
/// sample bodies it accepts to the other live nodes, which ingest them exactly as if posted to them. Then the leader,
/// and whichever node takes over from it, sees every sample whichever node received it. Best effort, like a scrape:
/// a peer that is down misses those samples.
/// </summary>
public sealed partial class MetricReplicator(Database db, SqlNodeStore nodes, ClusterOptions cluster, ClusterMembership membership,
    TimeProvider time, ILogger<MetricReplicator> log) : BackgroundService
{
    public const string SecretHeader = "X-Tocsin-Cluster-Secret";
    public const string TenantHeader = "X-Tocsin-Tenant";
    public const string Path = "/internal/cluster/metrics";

    private readonly Channel<Batch> _queue = Channel.CreateBounded<Batch>(
        new BoundedChannelOptions(1_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly TaskCompletionSource<string> _secret = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HttpClient _client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(10) };
    private IReadOnlyList<string> _peers = [];

    private sealed record Batch(Guid Tenant, string ContentType, byte[] Body);

    /// <summary>True when there are other nodes to forward to (cheap: the list is refreshed by the send loop).</summary>
    public bool HasPeers => db.IsShared && _peers.Count > 0;

    public void Offer(Guid tenant, string contentType, ReadOnlySpan<byte> body)
    {
        if (HasPeers) _queue.Writer.TryWrite(new Batch(tenant, contentType, body.ToArray()));
    }

    /// <summary>True when <paramref name="presented"/> is this cluster's secret (constant-time).</summary>
    public async Task<bool> IsPeerAsync(string? presented, CancellationToken ct)
    {
        if (!db.IsShared || presented is null) return false;
        var secret = await _secret.Task.WaitAsync(ct).ConfigureAwait(false);
        return CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(presented), System.Text.Encoding.UTF8.GetBytes(secret));
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!db.IsShared) return;
        _secret.TrySetResult(await nodes.SettingAsync("peer_secret", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), ct).ConfigureAwait(false));
        using var refresh = new PeriodicTimer(cluster.HeartbeatInterval, time);
        var refreshing = RefreshLoopAsync(refresh, ct);
        try
        {
            await foreach (var batch in _queue.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                await Task.WhenAll(_peers.Select(peer => SendAsync(peer, batch, ct))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        await refreshing.ConfigureAwait(false);
    }

    private async Task RefreshLoopAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            do
            {
                try
                {
                    var now = time.GetUtcNow();
                    _peers = (await nodes.ListAsync(ct).ConfigureAwait(false))
                        .Where(n => n.Id != cluster.NodeId && n.Url is not null && membership.IsAlive(n.HeartbeatAt, now))
                        .Select(n => n.Url!).ToList();
                }
                catch (Exception e) when (e is not OperationCanceledException) { ReplicationFailed(log, "(node list)", e); }
            }
            while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private async Task SendAsync(string peer, Batch batch, CancellationToken ct)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(peer), Path)) { Content = new ByteArrayContent(batch.Body) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(batch.ContentType);
            request.Headers.Add(SecretHeader, await _secret.Task.ConfigureAwait(false));
            request.Headers.Add(TenantHeader, batch.Tenant.ToString());
            using var response = await _client.SendAsync(request, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) ReplicationRejected(log, peer, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested) { ReplicationFailed(log, peer, e); }
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Warning, Message = "Forwarding metric samples to {Peer} failed")]
    private static partial void ReplicationFailed(ILogger logger, string peer, Exception e);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Warning, Message = "Node {Peer} refused forwarded metric samples with {Status}")]
    private static partial void ReplicationRejected(ILogger logger, string peer, int status);
}
