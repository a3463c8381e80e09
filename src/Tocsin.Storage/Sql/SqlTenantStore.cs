using System.Data.Common;
using Dapper;
using Tocsin.Core.Tenancy;

namespace Tocsin.Storage.Sql;

public sealed class SqlTenantStore(Database db) : ITenantStore
{
    private sealed record TenantRow(string id, string name, long created_at);
    private sealed record KeyRow(long id, string tenant_id, string name, string prefix, byte[] hash, string permissions, long? user_id, long created_at, long? revoked_at);

    private const string KeyColumns = "id, tenant_id, name, prefix, hash, permissions, user_id, created_at, revoked_at";

    public async Task<bool> AnyTenantAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM tenants", cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    public async Task<Tenant?> GetTenantAsync(Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<TenantRow>(new CommandDefinition(
            "SELECT id, name, created_at FROM tenants WHERE id = @id", new { id = id.ToString() }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToTenant(row);
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<TenantRow>(new CommandDefinition("SELECT id, name, created_at FROM tenants ORDER BY created_at", cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToTenant).ToList();
    }

    public async Task CreateTenantAsync(Tenant tenant, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await InsertTenantAsync(c, null, tenant, ct).ConfigureAwait(false);
    }

    public async Task<bool> CreateFirstTenantAsync(Tenant tenant, ApiKeyRecord adminKey, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await db.BeginWriteAsync(c, ct).ConfigureAwait(false); // SQLite: BEGIN IMMEDIATE, one writer
        // On a shared database the check and the inserts hold a transaction lock of their own, so a second node waits
        // and then sees the first node's tenant.
        if (db.DedupLockSql is { } lockSql)
            await c.ExecuteAsync(new CommandDefinition(lockSql, new { @lock = "tocsin|first-tenant" }, tx, cancellationToken: ct)).ConfigureAwait(false);
        if (await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM tenants", transaction: tx, cancellationToken: ct)).ConfigureAwait(false) > 0)
            return false;
        await InsertTenantAsync(c, tx, tenant, ct).ConfigureAwait(false);
        await InsertKeyAsync(c, tx, adminKey, ct).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private static Task InsertTenantAsync(DbConnection c, DbTransaction? tx, Tenant tenant, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("INSERT INTO tenants (id, name, created_at) VALUES (@id, @name, @at)",
            new { id = tenant.Id.ToString(), name = tenant.Name, at = tenant.CreatedAt.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct));

    public async Task<ApiKeyRecord?> FindKeyByHashAsync(byte[] hash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE hash = @hash", new { hash }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToKey(row);
    }

    public async Task<long> CreateKeyAsync(ApiKeyRecord key, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await InsertKeyAsync(c, null, key, ct).ConfigureAwait(false);
    }

    private static Task<long> InsertKeyAsync(DbConnection c, DbTransaction? tx, ApiKeyRecord key, CancellationToken ct) =>
        c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO api_keys (tenant_id, name, prefix, hash, permissions, user_id, created_at) VALUES (@t, @name, @prefix, @hash, @perms, @user, @at) RETURNING id",
            new
            {
                t = key.TenantId.ToString(), name = key.Name, prefix = key.Prefix, hash = key.Hash,
                perms = string.Join(' ', key.Permissions), user = key.UserId, at = key.CreatedAt.ToUnixTimeMilliseconds(),
            }, tx, cancellationToken: ct));

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<KeyRow>(new CommandDefinition(
            $"SELECT {KeyColumns} FROM api_keys WHERE tenant_id = @t ORDER BY id", new { t = tenantId.ToString() }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToKey).ToList();
    }

    public async Task<bool> RevokeKeyAsync(Guid tenantId, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = coalesce(revoked_at, @now) WHERE id = @id AND tenant_id = @t",
            new { id, t = tenantId.ToString(), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false) > 0;
    }

    private static Tenant ToTenant(TenantRow r) => new(Guid.Parse(r.id), r.name, DateTimeOffset.FromUnixTimeMilliseconds(r.created_at));

    private static ApiKeyRecord ToKey(KeyRow r) => new(r.id, Guid.Parse(r.tenant_id), r.name, r.prefix, r.hash,
        r.permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.user_id, DateTimeOffset.FromUnixTimeMilliseconds(r.created_at),
        r.revoked_at is { } rv ? DateTimeOffset.FromUnixTimeMilliseconds(rv) : null);
}
