namespace Tocsin.Core.Tenancy;

public sealed record Tenant(Guid Id, string Name, DateTimeOffset CreatedAt);

/// <summary>An API key as stored: only the SHA-256 of the secret is kept; <see cref="Prefix"/> lets people recognise it.</summary>
public sealed record ApiKeyRecord(
    long Id,
    Guid TenantId,
    string Name,
    string Prefix,
    byte[] Hash,
    IReadOnlyList<string> Permissions,
    long? UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool Has(string permission) => Permissions.Contains(Permission.Admin) || Permissions.Contains(permission);
}

public static class Permission
{
    public const string AlertsRead = "alerts:read";
    public const string AlertsWrite = "alerts:write";
    public const string EventsWrite = "events:write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [AlertsRead, AlertsWrite, EventsWrite, Admin];

    public static bool IsKnown(string p) => All.Contains(p);
}

public interface ITenantStore
{
    Task<bool> AnyTenantAsync(CancellationToken ct);
    Task<Tenant?> GetTenantAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken ct);
    Task CreateTenantAsync(Tenant tenant, CancellationToken ct);
    /// <summary>
    /// Creates <paramref name="tenant"/> and its <paramref name="adminKey"/> in one transaction if the database has no
    /// tenant yet, and says whether it did. Nodes starting together on an empty database race here: exactly one wins.
    /// </summary>
    Task<bool> CreateFirstTenantAsync(Tenant tenant, ApiKeyRecord adminKey, CancellationToken ct);
    Task<ApiKeyRecord?> FindKeyByHashAsync(byte[] hash, CancellationToken ct);
    Task<long> CreateKeyAsync(ApiKeyRecord key, CancellationToken ct);
    Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(Guid tenantId, CancellationToken ct);
    Task<bool> RevokeKeyAsync(Guid tenantId, long id, DateTimeOffset now, CancellationToken ct);
}
