using Dapper;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.Cluster;

/// <summary>One Tocsin process as the nodes table records it.</summary>
public sealed record NodeRecord(string Id, string Name, string? Url, string Version, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt);

/// <summary>The nodes table: who is running, when each was last heard of.</summary>
public sealed class SqlNodeStore(Database db)
{
    private sealed record Row(string id, string name, string? url, string version, long started_at, long heartbeat_at);

    public async Task AnnounceAsync(NodeRecord node, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO nodes (id, name, url, version, started_at, heartbeat_at) VALUES (@Id, @Name, @Url, @Version, @started, @beat) " +
            "ON CONFLICT (id) DO UPDATE SET url = excluded.url, heartbeat_at = excluded.heartbeat_at",
            new { node.Id, node.Name, node.Url, node.Version, started = Ms(node.StartedAt), beat = Ms(node.HeartbeatAt) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>Records a heartbeat and forgets nodes silent for longer than <paramref name="forgetAfter"/>.</summary>
    public async Task HeartbeatAsync(string id, DateTimeOffset now, TimeSpan forgetAfter, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("UPDATE nodes SET heartbeat_at = @now WHERE id = @id; DELETE FROM nodes WHERE heartbeat_at < @forget",
            new { id, now = Ms(now), forget = Ms(now - forgetAfter) }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<NodeRecord>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            "SELECT id, name, url, version, started_at, heartbeat_at FROM nodes ORDER BY started_at, id", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(r => new NodeRecord(r.id, r.name, r.url, r.version, Time(r.started_at), Time(r.heartbeat_at))).ToList();
    }

    public async Task LeaveAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM nodes WHERE id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
    }

    /// <summary>The value of a cluster-wide setting, creating it from <paramref name="initial"/> if no node has yet.</summary>
    public async Task<string> SettingAsync(string key, string initial, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO cluster_settings (key, value) VALUES (@key, @initial) ON CONFLICT (key) DO NOTHING",
            new { key, initial }, cancellationToken: ct)).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<string>(new CommandDefinition("SELECT value FROM cluster_settings WHERE key = @key", new { key }, cancellationToken: ct))
            .ConfigureAwait(false) ?? initial;
    }
}
