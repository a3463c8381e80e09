using System.Security.Cryptography;
using System.Text;

namespace Tocsin.Core.Tenancy;

/// <summary>Key generation and hashing. Keys carry 240 bits of randomness, so a plain SHA-256 is enough (no slow KDF needed).</summary>
public static class ApiKeys
{
    public const string KeyPrefix = "tcs_";
    public const int MinimumLength = 32;

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[30];
        RandomNumberGenerator.Fill(bytes);
        return KeyPrefix + Convert.ToBase64String(bytes).Replace('+', 'x').Replace('/', 'y');
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string DisplayPrefix(string key) => key.Length <= 10 ? key : key[..10];
}

/// <summary>Creates tenants and keys; on first start makes the default tenant and its admin key.</summary>
public sealed class TenantService(ITenantStore store, TimeProvider time)
{
    public const string DefaultTenantName = "default";

    /// <summary>Returns the plaintext admin key when it was just created (to be printed once), otherwise null.</summary>
    public async Task<string?> BootstrapAsync(string? adminKey, CancellationToken ct)
    {
        if (await store.AnyTenantAsync(ct)) return null;
        if (adminKey is not null && adminKey.Length < ApiKeys.MinimumLength)
            throw new InvalidOperationException($"TOCSIN_ADMIN_KEY must be at least {ApiKeys.MinimumLength} characters");
        var tenant = new Tenant(Guid.NewGuid(), DefaultTenantName, time.GetUtcNow());
        var key = adminKey ?? ApiKeys.Generate();
        // Another node starting on the same empty database may get there first; then its tenant and key are the ones.
        return await store.CreateFirstTenantAsync(tenant, KeyRecord(tenant.Id, "admin", key, [Permission.Admin], null), ct) ? key : null;
    }

    public async Task<(ApiKeyRecord Record, string Secret)> CreateKeyAsync(Guid tenantId, string name, IReadOnlyList<string> permissions, long? userId, CancellationToken ct)
    {
        var secret = ApiKeys.Generate();
        var record = await CreateKeyAsync(tenantId, name, secret, permissions, userId, ct);
        return (record, secret);
    }

    private async Task<ApiKeyRecord> CreateKeyAsync(Guid tenantId, string name, string secret, IReadOnlyList<string> permissions, long? userId, CancellationToken ct)
    {
        var record = KeyRecord(tenantId, name, secret, permissions, userId);
        var id = await store.CreateKeyAsync(record, ct);
        return record with { Id = id };
    }

    private ApiKeyRecord KeyRecord(Guid tenantId, string name, string secret, IReadOnlyList<string> permissions, long? userId) =>
        new(0, tenantId, name, ApiKeys.DisplayPrefix(secret), ApiKeys.Hash(secret), permissions, userId, time.GetUtcNow(), null);
}
