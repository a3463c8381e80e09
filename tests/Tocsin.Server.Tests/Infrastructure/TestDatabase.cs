using Npgsql;

namespace Tocsin.Server.Tests.Infrastructure;

/// <summary>
/// Which database the server under test runs on. The same test sources compile into two assemblies: this one on SQLite,
/// and Tocsin.Server.Tests.Postgres (with TOCSIN_POSTGRES defined) on the PostgreSQL server named by the
/// TOCSIN_TEST_POSTGRES connection string, each server instance in a schema of its own.
/// </summary>
public static class TestDatabase
{
    public const string Variable = "TOCSIN_TEST_POSTGRES";

    // static readonly, not const: with a const, the other branch of every `if (IsPostgres)` is unreachable code (CS0162),
    // an error under warnings-as-errors.
#if TOCSIN_POSTGRES
    public static readonly bool IsPostgres = true;
#else
    public static readonly bool IsPostgres = false;
#endif

    public static string? PostgresConnection => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    /// <summary>A fresh schema name for one server instance (kept across its restarts).</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>The connection string of <paramref name="schema"/> on the test server.</summary>
    public static string ConnectionFor(string schema) =>
        new NpgsqlConnectionStringBuilder(PostgresConnection ?? throw new InvalidOperationException($"{Variable} is not set"))
        {
            SearchPath = schema,
            // Hundreds of test servers come and go; small pools keep the server under max_connections.
            MaxPoolSize = 8,
            ConnectionIdleLifetime = 10,
        }.ToString();

    public static async Task DropSchemaAsync(string schema)
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(PostgresConnection);
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE";
        await cmd.ExecuteNonQueryAsync();
    }
}
