using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using Spectre.Console;
using Tocsin.Cli.Output;
using Tocsin.Storage;
using Tocsin.Storage.Postgres;
using Tocsin.Storage.Sqlite;
using Tocsin.Storage.Transfer;

namespace Tocsin.Cli.Commands;

/// <summary>
/// Moving a single-node SQLite installation to PostgreSQL: an offline copy of every table into an empty target, checked
/// by row counts. Stop the server first (a running one keeps writing rows the copy would miss), then start it with
/// <c>--db postgres</c>.
/// </summary>
internal static class MigrateCommand
{
    private const string SqlitePrefix = "sqlite:";
    private static readonly string[] PostgresPrefixes = ["postgres:", "postgresql:"];

    public static Command Create()
    {
        var from = new Option<string>("--from")
        {
            Description = "sqlite:PATH, the SQLite data folder (holding tocsin.db) or the database file itself",
            Required = true,
        };
        var to = new Option<string>("--to")
        {
            Description = "postgres:CONNECTION, an Npgsql connection string, e.g. \"postgres:Host=127.0.0.1;Username=tocsin;Password=...;Database=tocsin\"; "
                + "its Search Path chooses the schema (default public), which must hold no Tocsin data yet",
            Required = true,
        };
        var command = new Command("migrate",
            "Copy a SQLite Tocsin database into an empty PostgreSQL one: brings both to the latest schema, copies every table "
            + "in one transaction, continues the id sequences after the copied ids and checks the row counts. Stop the server first.")
        { from, to };
        command.SetAction((parse, ct) => CliAction.RunAsync(async () =>
        {
            var source = ParseSource(parse.GetValue(from)!);
            var target = ParseTarget(parse.GetValue(to)!);
            var report = await RunAsync(source, target, ct);

            var table = new Table().AddColumns("Table", "Rows copied");
            table.Columns[1].RightAligned();
            foreach (var t in report.Tables) table.AddRow(t.Table, t.TargetRows.ToString(CultureInfo.InvariantCulture));
            table.AddRow("total", report.Tables.Sum(t => t.TargetRows).ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[green]Copied {report.Tables.Count} tables[/]; row counts match on both sides; "
                + $"{report.SequencesReset} id sequences continue after the copied ids.");
            AnsiConsole.MarkupLine(Markup.Escape($"Now start the server with: tocsin serve --db postgres --connection \"{Redacted(target.ConnectionString!)}\""));
        }));
        return command;
    }

    /// <summary><c>sqlite:PATH</c>: an existing data folder with <c>tocsin.db</c>, or an existing database file of any name.</summary>
    internal static StorageOptions ParseSource(string value)
    {
        if (!value.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase) || value.Length == SqlitePrefix.Length)
            throw new CliException($"--from: expected sqlite:PATH (the data folder or its tocsin.db), not '{value}'");
        var path = value[SqlitePrefix.Length..];
        if (Directory.Exists(path))
        {
            var options = new StorageOptions { DataDir = path };
            return File.Exists(options.SqlitePath) ? options : throw new CliException($"--from: the folder '{path}' holds no tocsin.db");
        }
        if (File.Exists(path)) return new StorageOptions { DataDir = Path.GetDirectoryName(Path.GetFullPath(path))!, SqliteFile = path };
        throw new CliException($"--from: no SQLite database at '{path}'");
    }

    /// <summary><c>postgres:CONNECTION</c> with a connection string Npgsql accepts and that names a host.</summary>
    internal static StorageOptions ParseTarget(string value)
    {
        var prefix = PostgresPrefixes.FirstOrDefault(p => value.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            ?? throw new CliException($"--to: expected postgres:CONNECTION (an Npgsql connection string), not '{value.Split(':')[0]}:...'");
        var connection = value[prefix.Length..];
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--to: not a valid PostgreSQL connection string ({e.Message})");
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
            throw new CliException("--to: the connection string names no Host (e.g. postgres:Host=127.0.0.1;Username=...;Database=...)");
        return new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connection };
    }

    private static async Task<CopyReport> RunAsync(StorageOptions source, StorageOptions target, CancellationToken ct)
    {
        var sqlite = new SqliteDatabase(source);
        await using var pg = new PostgresDatabase(target);
        try
        {
            return await SqliteToPostgres.CopyAsync(sqlite, pg, ct);
        }
        catch (TransferRefusedException e)
        {
            throw new CliException(e.Message);
        }
        catch (DbException e)
        {
            // Connection refused, bad password, a constraint the data breaks: the transaction is rolled back either way.
            throw new CliException($"{e.Message.TrimEnd('.')}; nothing was written to the target");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>A valid connection string without its password, for echoing back.</summary>
    private static string Redacted(string connection)
    {
        var b = new NpgsqlConnectionStringBuilder(connection);
        if (b.Password is not null) b.Password = "***";
        return b.ConnectionString;
    }
}
