using System.Collections.Concurrent;
using Tocsin.Core.Tenancy;

namespace Tocsin.Server.Auth;

/// <summary>
/// Resolves presented keys to their records, caching by hash for a short time so the hot ingest path does not hit the
/// database on every request. Revocation through this process is immediate; through another process within <see cref="Ttl"/>.
/// </summary>
public sealed class ApiKeyCache(ITenantStore store, TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, DateTimeOffset Until)> _entries = new();

    public async ValueTask<ApiKeyRecord?> ResolveAsync(string presented, CancellationToken ct)
    {
        var hash = ApiKeys.Hash(presented);
        var id = Convert.ToHexString(hash);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(id, out var hit) && hit.Until > now) return hit.Key;
        var key = await store.FindKeyByHashAsync(hash, ct);
        if (key is { RevokedAt: not null }) key = null;
        if (_entries.Count > 10_000) _entries.Clear(); // bounded: a flood of bogus keys must not grow memory
        _entries[id] = (key, now + Ttl);
        return key;
    }

    public void Forget() => _entries.Clear();
}
