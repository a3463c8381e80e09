using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sql;

/// <summary>
/// The open alerts of a batch's declared dedup keys, read in one round trip when the batch starts (on a database server,
/// where each per-command lookup was a round trip the single writer waited for), plus alert ids drawn ahead so that an
/// insert needs no answer either. Belongs to one transaction.
/// </summary>
/// <remarks>
/// An entry answers only the first lookup of its key, and only while nothing in the transaction has written that key or
/// that alert: every insert, update and delete drops the entries it could make stale, and a rollback to a savepoint drops
/// them all. Later lookups read the database, which has the transaction's own writes. Other transactions cannot change
/// the answer meanwhile: the batch holds the keys' locks, and the rows read are locked (FOR UPDATE) until commit.
/// </remarks>
internal sealed class PrefetchedOpenAlerts
{
    private readonly Dictionary<(Guid Tenant, string Key), Alert?> _byKey = [];
    private readonly Dictionary<long, (Guid Tenant, string Key)> _keyOfAlert = [];
    private readonly Queue<long> _ids = new();

    /// <summary>Records the newest open alert of each key, or that a key has none, and the ids drawn for new alerts.</summary>
    public void Load(IEnumerable<(Guid Tenant, string Key)> keys, IEnumerable<Alert> open, IEnumerable<long> ids)
    {
        foreach (var id in ids) _ids.Enqueue(id);
        foreach (var key in keys) _byKey[key] = null;
        foreach (var alert in open)
        {
            var key = (alert.TenantId, alert.DedupKey!);
            if (_byKey.TryGetValue(key, out var seen) && seen is not null && seen.Id > alert.Id) continue;
            if (seen is not null) _keyOfAlert.Remove(seen.Id);
            _byKey[key] = alert;
            _keyOfAlert[alert.Id] = key;
        }
    }

    public bool TryTakeId(out long id) => _ids.TryDequeue(out id);

    /// <summary>True when the key's entry is still valid; it is then used up.</summary>
    public bool TryTake(Guid tenantId, string key, out Alert? alert)
    {
        if (!_byKey.Remove((tenantId, key), out alert)) return false;
        if (alert is not null) _keyOfAlert.Remove(alert.Id);
        return true;
    }

    /// <summary>The alert is being written: entries for its key or for the alert itself are no longer true.</summary>
    public void Written(Guid tenantId, long alertId, string? dedupKey)
    {
        if (_keyOfAlert.Remove(alertId, out var key)) _byKey.Remove(key);
        if (dedupKey is not null && _byKey.Remove((tenantId, dedupKey), out var other) && other is not null)
            _keyOfAlert.Remove(other.Id);
    }

    public void Forget()
    {
        _byKey.Clear();
        _keyOfAlert.Clear();
    }
}
