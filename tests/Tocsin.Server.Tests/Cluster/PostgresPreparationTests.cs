using Tocsin.Storage;
using Tocsin.Storage.Postgres;

namespace Tocsin.Server.Tests.Cluster;

/// <summary>PostgreSQL statements are prepared automatically unless the connection string says otherwise (no server needed).</summary>
public sealed class PostgresPreparationTests
{
    private static async Task<int> MaxAutoPrepareAsync(string connection)
    {
        await using var db = new PostgresDatabase(new StorageOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connection });
        return new Npgsql.NpgsqlConnectionStringBuilder(db.DataSource.ConnectionString).MaxAutoPrepare;
    }

    [Theory]
    [InlineData("Host=db;Username=tocsin", PostgresDatabase.DefaultMaxAutoPrepare)]
    [InlineData("Host=db;Username=tocsin;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=tocsin;max auto prepare=200", 200)]
    public async Task ConnectionString_MaxAutoPrepare_DefaultsUnlessSet(string connection, int expected) =>
        (await MaxAutoPrepareAsync(connection)).ShouldBe(expected);
}
