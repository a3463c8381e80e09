using System.CommandLine;

namespace Tocsin.Cli.Commands;

/// <summary>The options that choose the database, shared by every command that opens one.</summary>
internal static class DatabaseOptions
{
    public static Option<string?> Provider()
    {
        var option = new Option<string?>("--db") { Description = "sqlite (default, a file under --data-dir) or postgres (needs --connection)" };
        option.AcceptOnlyFromAmong("sqlite", "postgres");
        return option;
    }

    public static Option<string?> Connection() =>
        new("--connection") { Description = "PostgreSQL connection string, e.g. \"Host=127.0.0.1;Username=tocsin;Password=...;Database=tocsin\"" };
}
