using System.Data.Common;
using Npgsql;

namespace Tocsin.Storage.Transfer;

/// <summary>A table to copy: its name and the columns both databases have, in the source's column order.</summary>
public sealed record TransferTable(string Name, IReadOnlyList<TransferColumn> Columns);

/// <summary>A column by name, with the PostgreSQL type (information_schema <c>data_type</c>) its values are converted to.</summary>
public sealed record TransferColumn(string Name, string TargetType);

/// <summary>The copy cannot go ahead (or went wrong); the message says why in the operator's terms.</summary>
public sealed class TransferRefusedException(string message) : Exception(message);

/// <summary>
/// Reads both schemas and decides what to copy in which order. The table list comes from the SQLite file itself (so a
/// table added by a later migration is copied without touching this code); the order puts every table after the
/// tables its foreign keys point at, by the foreign keys declared on either side.
/// </summary>
internal static class TransferSchema
{
    /// <summary>
    /// Tables describing the running processes rather than the data (the cluster's node list): the servers on the
    /// target write their own, and a stopped SQLite node copied in would only show up as a dead member.
    /// </summary>
    public static readonly IReadOnlySet<string> ProcessTables = new HashSet<string>(["nodes"], StringComparer.Ordinal);

    /// <summary>Tables the target's triggers fill as the copied rows arrive (per-tenant config versions, migration 0016).</summary>
    public static readonly IReadOnlySet<string> DerivedTables = new HashSet<string>(["config_versions"], StringComparer.Ordinal);

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static async Task<IReadOnlyList<TransferTable>> ReadAsync(DbConnection sqlite, DbTransaction sqliteTx, NpgsqlConnection pg, CancellationToken ct)
    {
        // Creation order (rowid of sqlite_master) is the tie-break: it is the order the migrations introduced the tables.
        var tables = await ListAsync(sqlite, sqliteTx,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> 'schema_migrations' ORDER BY rowid",
            ct).ConfigureAwait(false);
        tables.RemoveAll(t => ProcessTables.Contains(t) || DerivedTables.Contains(t));
        var edges = new List<(string From, string To)>();
        var sourceColumns = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            sourceColumns[table] = await ListAsync(sqlite, sqliteTx, $"SELECT name FROM pragma_table_info({SqlString(table)}) ORDER BY cid", ct).ConfigureAwait(false);
            foreach (var parent in await ListAsync(sqlite, sqliteTx, $"SELECT \"table\" FROM pragma_foreign_key_list({SqlString(table)})", ct).ConfigureAwait(false))
                edges.Add((table, parent));
        }

        var targetColumns = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using (var cmd = pg.CreateCommand())
        {
            cmd.CommandText = "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()";
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                if (!targetColumns.TryGetValue(r.GetString(0), out var columns)) targetColumns[r.GetString(0)] = columns = new(StringComparer.Ordinal);
                columns[r.GetString(1)] = r.GetString(2);
            }
        }
        await using (var cmd = pg.CreateCommand())
        {
            cmd.CommandText = """
                SELECT c.relname, p.relname FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE k.contype = 'f' AND n.nspname = current_schema()
                """;
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) edges.Add((r.GetString(0), r.GetString(1)));
        }

        var result = new List<TransferTable>();
        foreach (var table in tables)
        {
            if (!targetColumns.TryGetValue(table, out var target))
                throw new TransferRefusedException($"the target has no table '{table}': are both databases from the same Tocsin version?");
            var missing = sourceColumns[table].Where(c => !target.ContainsKey(c)).ToList();
            if (missing.Count > 0)
                throw new TransferRefusedException($"the target's table '{table}' has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}: are both databases from the same Tocsin version?");
            result.Add(new TransferTable(table, sourceColumns[table].Select(c => new TransferColumn(c, target[c])).ToList()));
        }
        return Order(result, edges);
    }

    /// <summary>
    /// Parents before children (Kahn's algorithm, ties in creation order). A self-reference is no constraint on the order;
    /// a cycle between tables cannot be satisfied by any order, so it is reported instead of failing halfway.
    /// </summary>
    internal static IReadOnlyList<TransferTable> Order(IReadOnlyList<TransferTable> tables, IEnumerable<(string From, string To)> edges)
    {
        var names = tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var parents = tables.ToDictionary(t => t.Name, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (from, to) in edges)
            if (from != to && names.Contains(from) && names.Contains(to)) parents[from].Add(to);
        var ordered = new List<TransferTable>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < tables.Count)
        {
            var next = tables.FirstOrDefault(t => !done.Contains(t.Name) && parents[t.Name].All(done.Contains))
                ?? throw new TransferRefusedException("the foreign keys between tables "
                    + string.Join(", ", tables.Where(t => !done.Contains(t.Name)).Select(t => t.Name)) + " form a cycle; no copy order satisfies them");
            ordered.Add(next);
            done.Add(next.Name);
        }
        return ordered;
    }

    private static string SqlString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task<List<string>> ListAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) list.Add(r.GetString(0));
        return list;
    }
}
