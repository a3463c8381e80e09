using System.Data.Common;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using Tocsin.Core.Alerts;
using Tocsin.Core.Notifications;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Notifications;
using Tocsin.Storage;
using Tocsin.Storage.Postgres;

namespace Tocsin.Server.Cluster;

/// <summary>
/// Carries live-stream events between nodes with PostgreSQL LISTEN/NOTIFY, so an SSE client sees every change whichever
/// node it is connected to and whichever node made the change. Best effort, like the streams themselves: a client that
/// reconnects refetches. On SQLite there is one node and nothing to carry.
/// </summary>
public sealed partial class ClusterBus(Database db, ClusterOptions cluster, AlertStreamHub alerts, InboxHub inbox, ILogger<ClusterBus> log)
    : BackgroundService, IAlertCommitListener
{
    private const string AlertTopic = "tocsin_alerts";
    private const string InboxTopic = "tocsin_inbox";
    // NOTIFY payloads must stay under 8000 bytes; titles are cut well below that.
    private const int MaxTitle = 500;
    private const int MaxPerStatement = 100;

    private readonly Channel<(string Topic, string Payload)> _outgoing = Channel.CreateBounded<(string, string)>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });

    private bool Active => db is PostgresDatabase;

    public void OnCommitted(IReadOnlyList<AlertChange> changes)
    {
        if (!Active) return;
        foreach (var change in changes)
        {
            var a = change.Alert;
            var e = new AlertStreamEvent(a.Id, a.Number, a.Status.ToWire(), a.Title.Length > MaxTitle ? a.Title[..MaxTitle] : a.Title,
                a.Priority.ToWire(), change.Entry.Type, change.Entry.At);
            _outgoing.Writer.TryWrite((AlertTopic, JsonSerializer.Serialize(new AlertRelayMessage(cluster.NodeId, a.TenantId, e), ClusterJson.Default.AlertRelayMessage)));
        }
    }

    /// <summary>Tells the other nodes about an inbox item this node just published locally.</summary>
    public void InboxItemAdded(Guid tenantId, InboxItem item)
    {
        if (!Active) return;
        var short_ = item with { Title = item.Title.Length > MaxTitle ? item.Title[..MaxTitle] : item.Title, Body = item.Body is { Length: > 2000 } b ? b[..2000] : item.Body };
        _outgoing.Writer.TryWrite((InboxTopic, JsonSerializer.Serialize(new InboxRelayMessage(cluster.NodeId, tenantId, short_), ClusterJson.Default.InboxRelayMessage)));
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (db is not PostgresDatabase pg) return;
        await Task.WhenAll(SendLoopAsync(ct), ListenLoopAsync(pg, ct)).ConfigureAwait(false);
    }

    /// <summary>
    /// How long the sender waits after a message for more. Every NOTIFY statement is a transaction of its own, with a
    /// commit and a WAL flush; sending per write batch doubled the commits of a node under load. Waiting gathers the
    /// messages of the commits that follow into one statement, at the cost of that much delay on other nodes' streams.
    /// </summary>
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    private async Task SendLoopAsync(CancellationToken ct)
    {
        var reader = _outgoing.Reader;
        DbConnection? c = null; // kept open: a pooled connection is reset (one more statement) every time it goes back
        try
        {
            while (await reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                // Wall time, like the reconnect pacing: a test's frozen clock must not hold live events back.
                await Task.Delay(Linger, TimeProvider.System, ct).ConfigureAwait(false);
                try
                {
                    c ??= await db.OpenAsync(ct).ConfigureAwait(false);
                    var sql = new System.Text.StringBuilder();
                    await using var cmd = c.CreateCommand();
                    while (reader.TryRead(out var m))
                    {
                        var n = cmd.Parameters.Count / 2;
                        sql.Append(n == 0 ? "SELECT " : ", ").Append($"pg_notify(@t{n}, @p{n})");
                        cmd.AddParameter($"@t{n}", m.Topic);
                        cmd.AddParameter($"@p{n}", m.Payload);
                        if (n + 1 < MaxPerStatement) continue;
                        await SendAsync(cmd, sql, ct).ConfigureAwait(false);
                    }
                    if (cmd.Parameters.Count > 0) await SendAsync(cmd, sql, ct).ConfigureAwait(false);
                }
                catch (NpgsqlException e)
                {
                    SendFailed(log, e);
                    if (c is not null) await c.DisposeAsync().ConfigureAwait(false);
                    c = null;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            if (c is not null) await c.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task SendAsync(DbCommand cmd, System.Text.StringBuilder sql, CancellationToken ct)
    {
        cmd.CommandText = sql.ToString();
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        cmd.Parameters.Clear();
        sql.Clear();
    }

    private async Task ListenLoopAsync(PostgresDatabase pg, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var c = await pg.DataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
                c.Notification += (_, n) => Deliver(n.Channel, n.Payload);
                await using (var cmd = c.CreateCommand())
                {
                    cmd.CommandText = $"LISTEN {AlertTopic}; LISTEN {InboxTopic}";
                    await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
                while (!ct.IsCancellationRequested) await c.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException)
            {
                ListenFailed(log, e);
                // Reconnect pacing is wall time: a test's frozen clock must not stop the bus from coming back.
                try { await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { }
            }
        }
    }

    private void Deliver(string topic, string payload)
    {
        try
        {
            if (topic == AlertTopic && JsonSerializer.Deserialize(payload, ClusterJson.Default.AlertRelayMessage) is { } a && a.Node != cluster.NodeId)
                alerts.Publish(a.Tenant, a.Event);
            else if (topic == InboxTopic && JsonSerializer.Deserialize(payload, ClusterJson.Default.InboxRelayMessage) is { } i && i.Node != cluster.NodeId)
                inbox.Publish(i.Tenant, i.Item);
        }
        catch (JsonException e) { ListenFailed(log, e); }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Could not send a live event to the other nodes")]
    private static partial void SendFailed(ILogger logger, Exception e);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Listening for other nodes' live events failed; reconnecting")]
    private static partial void ListenFailed(ILogger logger, Exception e);
}
