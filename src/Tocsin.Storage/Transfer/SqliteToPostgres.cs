using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Tocsin.Storage.Postgres;
using Tocsin.Storage.Sqlite;

namespace Tocsin.Storage.Transfer;

/// <summary>Rows of one table: read from the source, and counted in the target after the copy (always equal on success).</summary>
public sealed record TableCopyResult(string Table, long SourceRows, long TargetRows);

public sealed record CopyReport(IReadOnlyList<TableCopyResult> Tables, int SequencesReset);

/// <summary>
/// <c>tocsin migrate</c>: copies a whole SQLite database into an empty PostgreSQL schema. Both are first brought to the
/// latest schema; the source is read in one snapshot and the target written in one transaction (binary COPY per table),
/// so a failure at any point leaves the target as empty as it was. Ids are copied as they are, so every reference
/// between rows (and every id a client has stored) stays valid; identity sequences then continue after the largest id.
/// </summary>
public static class SqliteToPostgres
{
    public static async Task<CopyReport> CopyAsync(SqliteDatabase source, PostgresDatabase target, CancellationToken ct)
    {
        await source.MigrateAsync(ct).ConfigureAwait(false);
        await target.MigrateAsync(ct).ConfigureAwait(false);

        await using var sqlite = (SqliteConnection)await source.OpenAsync(ct).ConfigureAwait(false);
        // A deferred transaction that only reads is a snapshot: a server still writing to the file cannot make the
        // copied rows disagree with the counted ones.
        await using var snapshot = sqlite.BeginTransaction(deferred: true);
        await using var pg = (NpgsqlConnection)await target.OpenAsync(ct).ConfigureAwait(false);

        var sourceVersions = await VersionsAsync(sqlite, snapshot, ct).ConfigureAwait(false);
        var targetVersions = await VersionsAsync(pg, null, ct).ConfigureAwait(false);
        if (!sourceVersions.SetEquals(targetVersions))
            throw new TransferRefusedException($"the source is at schema version {Describe(sourceVersions)} and the target at {Describe(targetVersions)}; "
                + "run migrate with the Tocsin version that wrote the source");

        var tables = await TransferSchema.ReadAsync(sqlite, snapshot, pg, ct).ConfigureAwait(false);
        await using var tx = await pg.BeginTransactionAsync(ct).ConfigureAwait(false);

        var occupied = new List<string>();
        foreach (var table in tables)
            if (await ScalarAsync<bool>(pg, tx, $"SELECT EXISTS (SELECT 1 FROM {TransferSchema.Quote(table.Name)})", ct).ConfigureAwait(false))
                occupied.Add(table.Name);
        if (occupied.Count > 0)
            throw new TransferRefusedException($"the target already holds data: {(occupied.Count == 1 ? "table" : "tables")} "
                + $"{string.Join(", ", occupied.Select(t => $"'{t}'"))} {(occupied.Count == 1 ? "is" : "are")} not empty. "
                + "Migrate into an empty database or schema (Search Path=...).");

        var results = new List<TableCopyResult>();
        foreach (var table in tables)
        {
            var sourceRows = await ScalarAsync<long>(sqlite, snapshot, $"SELECT count(*) FROM {TransferSchema.Quote(table.Name)}", ct).ConfigureAwait(false);
            if (table.Columns.Count > 0) await CopyTableAsync(sqlite, snapshot, pg, table, ct).ConfigureAwait(false);
            var targetRows = await ScalarAsync<long>(pg, tx, $"SELECT count(*) FROM {TransferSchema.Quote(table.Name)}", ct).ConfigureAwait(false);
            if (targetRows != sourceRows)
                throw new TransferRefusedException($"table '{table.Name}': {sourceRows} rows in the source but {targetRows} in the target after copying; nothing was committed");
            results.Add(new TableCopyResult(table.Name, sourceRows, targetRows));
        }

        var sequences = await ResetSequencesAsync(pg, tx, tables, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return new CopyReport(results, sequences);
    }

    private static async Task CopyTableAsync(SqliteConnection sqlite, DbTransaction snapshot, NpgsqlConnection pg, TransferTable table, CancellationToken ct)
    {
        var columns = string.Join(", ", table.Columns.Select(c => TransferSchema.Quote(c.Name)));
        await using var read = sqlite.CreateCommand();
        read.Transaction = (SqliteTransaction)snapshot;
        read.CommandText = $"SELECT {columns} FROM {TransferSchema.Quote(table.Name)}";
        await using var rows = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
        // The COPY runs on the connection of the open transaction, so it is part of it.
        await using var copy = await pg.BeginBinaryImportAsync($"COPY {TransferSchema.Quote(table.Name)} ({columns}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
        while (await rows.ReadAsync(ct).ConfigureAwait(false))
        {
            await copy.StartRowAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var value = rows.GetValue(i);
                if (value is DBNull) await copy.WriteNullAsync(ct).ConfigureAwait(false);
                else await WriteAsync(copy, table.Name, table.Columns[i], value, ct).ConfigureAwait(false);
            }
        }
        await copy.CompleteAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// SQLite hands back long, double, string or byte[] whatever the declared type; PostgreSQL's binary COPY needs the
    /// exact type of each column, so every value is converted to it here (and one that cannot be is named, not guessed).
    /// </summary>
    private static Task WriteAsync(NpgsqlBinaryImporter copy, string table, TransferColumn column, object value, CancellationToken ct)
    {
        try
        {
            return column.TargetType switch
            {
                "bigint" => copy.WriteAsync(ToInt64(value), NpgsqlDbType.Bigint, ct),
                "integer" => copy.WriteAsync(checked((int)ToInt64(value)), NpgsqlDbType.Integer, ct),
                "smallint" => copy.WriteAsync(checked((short)ToInt64(value)), NpgsqlDbType.Smallint, ct),
                "boolean" => copy.WriteAsync(ToInt64(value) != 0, NpgsqlDbType.Boolean, ct),
                "double precision" => copy.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, ct),
                "real" => copy.WriteAsync(Convert.ToSingle(value, CultureInfo.InvariantCulture), NpgsqlDbType.Real, ct),
                "numeric" => copy.WriteAsync(Convert.ToDecimal(value, CultureInfo.InvariantCulture), NpgsqlDbType.Numeric, ct),
                "text" or "character varying" or "character" => copy.WriteAsync(ToText(value), NpgsqlDbType.Text, ct),
                "jsonb" => copy.WriteAsync(ToText(value), NpgsqlDbType.Jsonb, ct),
                "json" => copy.WriteAsync(ToText(value), NpgsqlDbType.Json, ct),
                "uuid" => copy.WriteAsync(Guid.Parse(ToText(value), CultureInfo.InvariantCulture), NpgsqlDbType.Uuid, ct),
                "bytea" => copy.WriteAsync(value as byte[] ?? System.Text.Encoding.UTF8.GetBytes(ToText(value)), NpgsqlDbType.Bytea, ct),
                _ => throw new TransferRefusedException($"column '{table}.{column.Name}' has the PostgreSQL type {column.TargetType}, which migrate does not know how to fill"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            throw new TransferRefusedException($"column '{table}.{column.Name}': the value {Preview(value)} does not fit its PostgreSQL type {column.TargetType}");
        }
    }

    private static long ToInt64(object value) => value switch
    {
        long l => l,
        double d when d == Math.Floor(d) => checked((long)d),
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException(),
    };

    private static string ToText(object value) => value switch
    {
        string s => s,
        byte[] b => System.Text.Encoding.UTF8.GetString(b),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string Preview(object value) => value switch
    {
        byte[] b => $"({b.Length} bytes)",
        string s => $"'{(s.Length > 40 ? s[..40] + "..." : s)}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// Rows came in with their ids, which an identity column does not count; without this the next insert would get
    /// id 1 and collide. setval ignores a NULL (empty table) and the sequence then starts at 1 as usual.
    /// </summary>
    private static async Task<int> ResetSequencesAsync(NpgsqlConnection pg, DbTransaction tx, IReadOnlyList<TransferTable> tables, CancellationToken ct)
    {
        var copied = tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var serials = new List<(string Table, string Column)>();
        await using (var cmd = pg.CreateCommand())
        {
            cmd.Transaction = (NpgsqlTransaction)tx;
            cmd.CommandText = """
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
                ORDER BY table_name, column_name
                """;
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                if (copied.Contains(r.GetString(0))) serials.Add((r.GetString(0), r.GetString(1)));
        }
        foreach (var (table, column) in serials)
        {
            await using var cmd = pg.CreateCommand();
            cmd.Transaction = (NpgsqlTransaction)tx;
            cmd.CommandText = $"SELECT setval(pg_get_serial_sequence(@table, @column), (SELECT max({TransferSchema.Quote(column)}) FROM {TransferSchema.Quote(table)}))";
            cmd.Parameters.AddWithValue("table", TransferSchema.Quote(table));
            cmd.Parameters.AddWithValue("column", column);
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        return serials.Count;
    }

    private static async Task<HashSet<long>> VersionsAsync(DbConnection connection, DbTransaction? tx, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT version FROM schema_migrations";
        var versions = new HashSet<long>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) versions.Add(Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture));
        return versions;
    }

    private static string Describe(HashSet<long> versions) =>
        versions.Count == 0 ? "none" : versions.Max().ToString(CultureInfo.InvariantCulture) + (versions.Count == versions.Max() ? "" : $" ({versions.Count} applied)");

    private static async Task<T> ScalarAsync<T>(DbConnection connection, DbTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        var value = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return (T)Convert.ChangeType(value!, typeof(T), CultureInfo.InvariantCulture);
    }
}
