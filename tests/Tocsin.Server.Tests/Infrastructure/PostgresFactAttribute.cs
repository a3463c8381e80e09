namespace Tocsin.Server.Tests.Infrastructure;

/// <summary>
/// A test that needs a PostgreSQL server whichever assembly it runs in (e.g. migrating SQLite into PostgreSQL): without
/// <see cref="TestDatabase.Variable"/> it reports itself skipped, with the reason, instead of silently passing.
/// </summary>
public sealed class PostgresFactAttribute : Xunit.FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresConnection is null)
            Skip = $"{TestDatabase.Variable} is not set: no PostgreSQL server to migrate into";
    }
}
