using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Tocsin.Storage;

/// <summary>Numbered SQL files embedded per provider (<c>Migrations/{Provider}/0001_name.sql</c>), applied in order, once.</summary>
public static class MigrationRunner
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Load(string provider)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var version = int.Parse(file[..file.IndexOf('_')], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(version, file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    public static async Task ApplyAsync(DbConnection connection, string provider, string createTableSql, CancellationToken ct)
    {
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = createTableSql;
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        var applied = new HashSet<int>();
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT version FROM schema_migrations";
            await using var r = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) applied.Add(r.GetInt32(0));
        }
        foreach (var m in Load(provider).Where(m => !applied.Contains(m.Version)))
        {
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = m.Sql;
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await using (var mark = connection.CreateCommand())
            {
                mark.Transaction = tx;
                mark.CommandText = "INSERT INTO schema_migrations (version, name) VALUES (@v, @n)";
                var v = mark.CreateParameter(); v.ParameterName = "@v"; v.Value = m.Version; mark.Parameters.Add(v);
                var n = mark.CreateParameter(); n.ParameterName = "@n"; n.Value = m.Name; mark.Parameters.Add(n);
                await mark.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }
}
