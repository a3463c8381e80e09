namespace Tocsin.Server.Tests.Infrastructure;

/// <summary>
/// In the PostgreSQL test assembly every [Fact] and [Theory] is one of these (see PostgresFacts.cs there): without a
/// server to run on they report themselves skipped, with the reason, instead of silently passing.
/// </summary>
public sealed class DatabaseFactAttribute : Xunit.FactAttribute
{
    public DatabaseFactAttribute()
    {
        if (TestDatabase.IsPostgres && TestDatabase.PostgresConnection is null)
            Skip = $"{TestDatabase.Variable} is not set: no PostgreSQL server to run the server tests against";
    }
}

/// <inheritdoc cref="DatabaseFactAttribute"/>
public sealed class DatabaseTheoryAttribute : Xunit.TheoryAttribute
{
    public DatabaseTheoryAttribute()
    {
        if (TestDatabase.IsPostgres && TestDatabase.PostgresConnection is null)
            Skip = $"{TestDatabase.Variable} is not set: no PostgreSQL server to run the server tests against";
    }
}
