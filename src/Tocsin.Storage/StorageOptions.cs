namespace Tocsin.Storage;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Where data lives. Bound from the <c>Tocsin:Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder of the SQLite database file (<c>tocsin.db</c>); created when missing.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>PostgreSQL connection string, when <see cref="Provider"/> is Postgres.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite <c>synchronous</c> mode. FULL (default) fsyncs every commit, so a 2xx survives power loss;
    /// NORMAL survives a process crash (kill -9) but not an OS crash. Group commit keeps FULL affordable.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// The SQLite file itself, when it is not <c>tocsin.db</c> under <see cref="DataDir"/> (<c>tocsin migrate</c> reads a
    /// copied file under any name). Not a configuration key of the server.
    /// </summary>
    public string? SqliteFile { get; set; }

    public string SqlitePath => SqliteFile is { } file ? Path.GetFullPath(file) : Path.Combine(Path.GetFullPath(DataDir), "tocsin.db");
}
