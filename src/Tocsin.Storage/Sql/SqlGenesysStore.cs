using Dapper;

namespace Tocsin.Storage.Sql;

/// <summary>An OAuth client of the Genesys dialect as stored (the secret only as its SHA-256).</summary>
public sealed record GenesysOAuthClientRecord(
    long Id, Guid TenantId, string ClientId, string Name, byte[] SecretHash, IReadOnlyList<string> Permissions, long? UserId,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// The Genesys dialect's own state (#6): OAuth clients, their access tokens, and per-reader alert read flags.
/// Alerts and rules themselves live in the core stores; this holds only what Genesys has and the core does not.
/// </summary>
public sealed class SqlGenesysStore(Database db)
{
    private sealed record ClientRow(long id, string tenant_id, string client_id, string name, byte[] secret_hash, string permissions, long? user_id, long created_at, long? revoked_at);

    private sealed record TokenRow(long id, string tenant_id, string client_id, string name, byte[] secret_hash, string permissions, long? user_id, long created_at, long? revoked_at, long expires_at);

    private const string ClientColumns = "c.id, c.tenant_id, c.client_id, c.name, c.secret_hash, c.permissions, c.user_id, c.created_at, c.revoked_at";

    public async Task<long> CreateClientAsync(GenesysOAuthClientRecord client, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO genesys_oauth_clients (tenant_id, client_id, name, secret_hash, permissions, user_id, created_at) " +
            "VALUES (@t, @cid, @name, @hash, @perms, @user, @at) RETURNING id",
            new
            {
                t = client.TenantId.ToString(), cid = client.ClientId, name = client.Name, hash = client.SecretHash,
                perms = string.Join(' ', client.Permissions), user = client.UserId, at = client.CreatedAt.ToUnixTimeMilliseconds(),
            }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task<GenesysOAuthClientRecord?> FindClientAsync(string clientId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<ClientRow>(new CommandDefinition(
            $"SELECT {ClientColumns} FROM genesys_oauth_clients c WHERE c.client_id = @cid", new { cid = clientId }, cancellationToken: ct)).ConfigureAwait(false);
        return row is null ? null : ToClient(row);
    }

    public async Task<IReadOnlyList<GenesysOAuthClientRecord>> ListClientsAsync(Guid tenantId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<ClientRow>(new CommandDefinition(
            $"SELECT {ClientColumns} FROM genesys_oauth_clients c WHERE c.tenant_id = @t ORDER BY c.id", new { t = tenantId.ToString() }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.Select(ToClient).ToList();
    }

    /// <summary>Revokes the client and drops its tokens, so they stop working at once.</summary>
    public async Task<bool> RevokeClientAsync(Guid tenantId, long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var changed = await c.ExecuteAsync(new CommandDefinition(
            "UPDATE genesys_oauth_clients SET revoked_at = coalesce(revoked_at, @now) WHERE id = @id AND tenant_id = @t",
            new { id, t = tenantId.ToString(), now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM genesys_oauth_tokens WHERE client_row_id = @id", new { id }, cancellationToken: ct)).ConfigureAwait(false);
        return changed > 0;
    }

    /// <summary>Stores a token and purges the expired ones in the same go, so the table stays small.</summary>
    public async Task StoreTokenAsync(byte[] tokenHash, long clientRowId, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM genesys_oauth_tokens WHERE expires_at <= @now",
            new { now = now.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("INSERT INTO genesys_oauth_tokens (token_hash, client_row_id, expires_at) VALUES (@h, @cid, @exp)",
            new { h = tokenHash, cid = clientRowId, exp = expiresAt.ToUnixTimeMilliseconds() }, tx, cancellationToken: ct)).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The token's client and expiry, whether or not it has expired (the caller tells expired from unknown).</summary>
    public async Task<(GenesysOAuthClientRecord Client, DateTimeOffset ExpiresAt)?> FindTokenAsync(byte[] tokenHash, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var row = await c.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"SELECT {ClientColumns}, t.expires_at FROM genesys_oauth_tokens t JOIN genesys_oauth_clients c ON c.id = t.client_row_id WHERE t.token_hash = @h",
            new { h = tokenHash }, cancellationToken: ct)).ConfigureAwait(false);
        if (row is not null)
            return (ToClient(new ClientRow(row.id, row.tenant_id, row.client_id, row.name, row.secret_hash, row.permissions, row.user_id, row.created_at, row.revoked_at)),
                DateTimeOffset.FromUnixTimeMilliseconds(row.expires_at));
        return null;
    }

    /// <summary>The reader's explicit read flags by alert id; an alert without one is unread.</summary>
    public async Task<IReadOnlyDictionary<long, bool>> UnreadFlagsAsync(Guid tenantId, string reader, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        var rows = await c.QueryAsync<(long, long)>(new CommandDefinition(
            "SELECT alert_id, unread FROM genesys_alert_reads WHERE tenant_id = @t AND reader = @r",
            new { t = tenantId.ToString(), r = reader }, cancellationToken: ct)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.Item1, r => r.Item2 != 0);
    }

    public async Task SetUnreadAsync(Guid tenantId, long alertId, string reader, bool unread, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO genesys_alert_reads (tenant_id, alert_id, reader, unread, updated_at) VALUES (@t, @a, @r, @u, @now) " +
            "ON CONFLICT (tenant_id, reader, alert_id) DO UPDATE SET unread = excluded.unread, updated_at = excluded.updated_at",
            new { t = tenantId.ToString(), a = alertId, r = reader, u = unread ? 1 : 0, now = now.ToUnixTimeMilliseconds() }, cancellationToken: ct)).ConfigureAwait(false);
    }

    public async Task ForgetAlertAsync(Guid tenantId, long alertId, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct).ConfigureAwait(false);
        await c.ExecuteAsync(new CommandDefinition("DELETE FROM genesys_alert_reads WHERE tenant_id = @t AND alert_id = @a",
            new { t = tenantId.ToString(), a = alertId }, cancellationToken: ct)).ConfigureAwait(false);
    }

    private static GenesysOAuthClientRecord ToClient(ClientRow r) => new(r.id, Guid.Parse(r.tenant_id), r.client_id, r.name, r.secret_hash,
        r.permissions.Split(' ', StringSplitOptions.RemoveEmptyEntries), r.user_id, DateTimeOffset.FromUnixTimeMilliseconds(r.created_at),
        r.revoked_at is { } rv ? DateTimeOffset.FromUnixTimeMilliseconds(rv) : null);
}
