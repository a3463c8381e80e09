using Dapper;
using Tocsin.Core.OnCall;
using static Tocsin.Storage.Sql.OnCall.OnCallRows;

namespace Tocsin.Storage.Sql.OnCall;

public sealed class SqlUserStore(Database db) : IUserStore
{
    private sealed record Row(long id, string name, string? email, string? phone, string time_zone, string language, string role);
    private const string Columns = "id, name, email, phone, time_zone, language, role";

    public async Task<User?> GetAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id AND tenant_id = @t", new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToUser(row);
    }

    public async Task<IReadOnlyList<User>> ListAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE tenant_id = @t ORDER BY id", new { t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToUser).ToList();
    }

    public async Task<long> InsertAsync(Guid tenantId, User u, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO users (tenant_id, name, email, phone, time_zone, language, role, created_at, updated_at) " +
            "VALUES (@t, @Name, @Email, @Phone, @TimeZone, @Language, @role, @now, @now) RETURNING id",
            new { t = T(tenantId), u.Name, u.Email, u.Phone, u.TimeZone, u.Language, role = u.Role.ToString().ToLowerInvariant(), now = Ms(now) },
            cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<bool> UpdateAsync(Guid tenantId, User u, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET name = @Name, email = @Email, phone = @Phone, time_zone = @TimeZone, language = @Language, role = @role, updated_at = @now " +
            "WHERE id = @Id AND tenant_id = @t",
            new { t = T(tenantId), u.Id, u.Name, u.Email, u.Phone, u.TimeZone, u.Language, role = u.Role.ToString().ToLowerInvariant(), now = Ms(now) },
            cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE id = @id AND tenant_id = @t",
            new { id, t = T(tenantId) }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct) =>
        UsageSql.QueryAsync(db, tenantId, id, ct, UsageSql.Schedules(db), UsageSql.Teams("user"), UsageSql.Policies(db, "User"));

    public async Task<bool> EmailTakenAsync(Guid tenantId, string email, long exceptId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT count(*) FROM users WHERE tenant_id = @t AND email = @email AND id <> @exceptId",
            new { t = T(tenantId), email, exceptId }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private static User ToUser(Row r) => new(r.id, r.name, r.email, r.phone, r.time_zone, r.language,
        Enum.TryParse<UserRole>(r.role, ignoreCase: true, out var role) ? role : UserRole.User);
}
