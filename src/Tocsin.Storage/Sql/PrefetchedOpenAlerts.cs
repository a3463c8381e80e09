using Tocsin.Core.Alerts;

namespace Tocsin.Storage.Sql;

/// <summary>
/// What one transaction knows of its declared dedup keys' newest open alerts, read in one round trip when the batch
/// starts (on a database server, where each per-command lookup was a round trip the single writer waited for), plus
/// alert ids drawn ahead so that an insert needs no answer either.
/// </summary>
/// <remarks>
/// A key's entry is handed out once; the command that takes it holds it until it writes that alert (or opens one for
/// the key), and a copy of what it wrote answers the next lookup. Any other write that touches the key or the alert
/// drops the entry, as does a rollback to a savepoint, and the lookup then reads the database, which has the
/// transaction's own writes. Other transactions cannot change the answer meanwhile: the batch holds the keys' locks, and
/// the rows read are locked (FOR UPDATE) until commit.
/// </remarks>
internal sealed class PrefetchedOpenAlerts
{
    /// <summary>The key's newest open alert (null: none). Held: handed to a command, not to be handed out again.</summary>
    private readonly record struct Known(Alert? Alert, bool Held);

    // Only these keys are locked for the batch, so only they may be answered from here; empty where nothing was read
    // (SQLite, or a batch that declared no keys), and then every method below does nothing.
    private readonly HashSet<(Guid Tenant, string Key)> _declared = [];
    private readonly Dictionary<(Guid Tenant, string Key), Known> _byKey = [];
    private readonly Dictionary<long, (Guid Tenant, string Key)> _keyOfAlert = [];
    private readonly Queue<long> _ids = new();

    /// <summary>Records the newest open alert of each key, or that a key has none, and the ids drawn for new alerts.</summary>
    public void Load(IEnumerable<(Guid Tenant, string Key)> keys, IEnumerable<Alert> open, IEnumerable<long> ids)
    {
        foreach (var id in ids) _ids.Enqueue(id);
        foreach (var key in keys)
        {
            _declared.Add(key);
            _byKey[key] = default;
        }
        foreach (var alert in open) Know((alert.TenantId, alert.DedupKey!), alert);
    }

    public bool TryTakeId(out long id) => _ids.TryDequeue(out id);

    /// <summary>True when the key's newest open alert is known and free; the caller then holds it.</summary>
    public bool TryTake(Guid tenantId, string key, out Alert? alert)
    {
        alert = null;
        if (!_byKey.TryGetValue((tenantId, key), out var known) || known.Held) return false;
        _byKey[(tenantId, key)] = known with { Held = true };
        alert = known.Alert;
        return true;
    }

    /// <summary>An alert was inserted: with ids drawn from one sequence, an open one is its key's newest.</summary>
    public void Inserted(Alert alert)
    {
        if (alert.DedupKey is not { } dedupKey || !_declared.Contains((alert.TenantId, dedupKey))) return;
        var key = (alert.TenantId, dedupKey);
        Drop(key);
        if (alert.Status.IsOpen()) Know(key, alert.Snapshot());
    }

    /// <summary>An alert was updated: if it was its key's newest open alert, the copy follows it; otherwise the key is unknown.</summary>
    public void Updated(Alert alert)
    {
        if (_declared.Count == 0) return;
        var wasNewest = _keyOfAlert.TryGetValue(alert.Id, out var key);
        if (wasNewest) Drop(key);
        if (alert.DedupKey is { } dedupKey) Drop((alert.TenantId, dedupKey));
        if (wasNewest && alert.Status.IsOpen()) Know(key, alert.Snapshot());
    }

    public void Deleted(long alertId)
    {
        if (_keyOfAlert.TryGetValue(alertId, out var key)) Drop(key);
    }

    public void Forget()
    {
        _byKey.Clear();
        _keyOfAlert.Clear();
    }

    private void Know((Guid Tenant, string Key) key, Alert alert)
    {
        if (_byKey.TryGetValue(key, out var known) && known.Alert is { } other)
        {
            if (other.Id > alert.Id) return;
            _keyOfAlert.Remove(other.Id);
        }
        _byKey[key] = new Known(alert, Held: false);
        _keyOfAlert[alert.Id] = key;
    }

    private void Drop((Guid Tenant, string Key) key)
    {
        if (_byKey.Remove(key, out var known) && known.Alert is { } alert) _keyOfAlert.Remove(alert.Id);
    }
}
