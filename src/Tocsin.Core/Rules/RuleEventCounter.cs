using System.Collections.Concurrent;
using Tocsin.Core.Alerts;

namespace Tocsin.Core.Rules;

/// <summary>What an event-count rule reads: how many matching events were ingested in (from, to].</summary>
public interface IRuleEventCounts
{
    int Count(Guid tenantId, EventCriteria criteria, DateTimeOffset from, DateTimeOffset to);
}

/// <summary>
/// Counts ingested events for event-count rules (IBM <c>EVENT</c> alerts, #7). It listens to committed alert changes: every
/// trigger that created an alert or repeated onto an open one (<c>POST /api/v1/events</c>, the dialects' ingest, email...)
/// is one event, titled and sourced as its alert. Alerts the rules raise themselves (source <c>rules</c>) are not counted,
/// so an event rule can never feed on its own alerts.
/// </summary>
/// <remarks>
/// Cheap and bounded: only criteria some rule watches are counted (<see cref="Watch"/>, refreshed each evaluation tick),
/// each keeps the times of its matches inside its longest window, at most <see cref="MaxEventsPerCriteria"/>. The counts are
/// in memory: they start empty after a restart, and a node counts the events committed on that node.
/// </remarks>
public sealed class RuleEventCounter : IRuleEventCounts, IAlertCommitListener
{
    public const int MaxEventsPerCriteria = 100_000;

    private readonly ConcurrentDictionary<(Guid Tenant, EventCriteria Criteria), Watched> _watched = new();

    private sealed class Watched(TimeSpan window)
    {
        public readonly Queue<DateTimeOffset> Times = new();
        public TimeSpan Window = window;
    }

    /// <summary>Counts are kept for exactly the criteria of the given event-count rules from now on; others are dropped.</summary>
    public void Watch(IEnumerable<Rule> rules)
    {
        var wanted = new Dictionary<(Guid, EventCriteria), TimeSpan>();
        foreach (var rule in rules)
        {
            if (rule.Kind != RuleKind.EventCount || rule.Events is not { } criteria || !rule.Enabled) continue;
            var key = (rule.TenantId, criteria);
            wanted[key] = wanted.TryGetValue(key, out var w) && w > rule.Window ? w : rule.Window;
        }
        foreach (var (key, window) in wanted)
        {
            var watched = _watched.GetOrAdd(key, _ => new Watched(window));
            lock (watched) watched.Window = window;
        }
        foreach (var key in _watched.Keys)
        {
            if (!wanted.ContainsKey(key)) _watched.TryRemove(key, out _);
        }
    }

    public int Count(Guid tenantId, EventCriteria criteria, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_watched.TryGetValue((tenantId, criteria), out var watched)) return 0;
        lock (watched)
        {
            var n = 0;
            foreach (var at in watched.Times)
            {
                if (at > from && at <= to) n++;
            }
            return n;
        }
    }

    public void OnCommitted(IReadOnlyList<AlertChange> changes)
    {
        if (_watched.IsEmpty) return;
        foreach (var change in changes)
        {
            if (change.Entry.Type is not (TimelineTypes.Created or TimelineTypes.Repeated)) continue;
            var alert = change.Alert;
            if (alert.Source == RuleAlertMapping.Source) continue;
            foreach (var (key, watched) in _watched)
            {
                if (key.Tenant != alert.TenantId || !key.Criteria.Matches(alert.Title, alert.Source)) continue;
                lock (watched)
                {
                    watched.Times.Enqueue(change.Entry.At);
                    // Oldest first (commits are in clock order): drop what no window reaches, and never exceed the cap.
                    while (watched.Times.Count > 0 && (watched.Times.Count > MaxEventsPerCriteria || watched.Times.Peek() <= change.Entry.At - watched.Window - RuleRetention.Margin))
                        watched.Times.Dequeue();
                }
            }
        }
    }
}
