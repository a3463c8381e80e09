using Npgsql;

namespace Tocsin.Bench.Ingest;

/// <summary>
/// The servers one run drives: one on SQLite, or one or more nodes sharing one PostgreSQL schema (created fresh for
/// the run and dropped after it, so runs never see each other's alerts).
/// </summary>
internal sealed class Cluster : IAsyncDisposable
{
    private readonly List<ServerProcess> _nodes;
    private readonly List<string> _dataDirs;
    private readonly string? _adminConnection;
    private readonly string? _schema;

    private Cluster(List<ServerProcess> nodes, List<string> dataDirs, string? adminConnection, string? schema)
    {
        _nodes = nodes;
        _dataDirs = dataDirs;
        _adminConnection = adminConnection;
        _schema = schema;
    }

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    public string Describe => _schema is null ? "SQLite" : $"PostgreSQL schema {_schema}, {_nodes.Count} node(s)";

    public static async Task<Cluster> StartAsync(string dll, string synchronous, string? postgres, int nodes)
    {
        string? schema = null, connection = null;
        if (postgres is not null)
        {
            schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
            connection = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ToString();
        }
        var dirs = Enumerable.Range(0, nodes).Select(_ => Path.Combine(Path.GetTempPath(), "tocsin-bench-" + Guid.NewGuid().ToString("N"))).ToList();
        // Started together, as a deployment would: the nodes race for the migration lock.
        var started = await Task.WhenAll(dirs.Select(d => ServerProcess.StartAsync(dll, d, synchronous, postgres: connection)));
        return new Cluster([.. started], dirs, postgres, schema);
    }

    public TimeSpan CpuTime() => _nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime());

    public double RssMiB() => _nodes.Sum(n => n.RssMiB());

    public async ValueTask DisposeAsync()
    {
        foreach (var n in _nodes) await n.DisposeAsync();
        foreach (var d in _dataDirs)
            try { Directory.Delete(d, recursive: true); } catch (IOException) { }
        if (_adminConnection is null) return;
        await using var c = new NpgsqlConnection(_adminConnection);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE";
        await cmd.ExecuteNonQueryAsync();
    }
}
