using System.Collections.Concurrent;
using System.Threading.Channels;
using Tocsin.Core.Alerts;

namespace Tocsin.Server.Api.Alerts;

/// <summary>One committed alert change as the live stream sends it: enough to update a list row without refetching.</summary>
public sealed record AlertStreamEvent(long AlertId, long Number, string Status, string Title, string Priority, string Type, DateTimeOffset At);

/// <summary>
/// Fans committed alert changes out to live-stream connections. The writer calls <see cref="OnCommitted"/> on its own loop,
/// so this never waits: each connection has a bounded queue, and a connection too slow to keep up loses its queued events
/// and is told to resync (refetch) instead of holding back the writer or growing memory.
/// </summary>
public sealed class AlertStreamHub : IAlertCommitListener
{
    /// <summary>Events buffered per connection; a burst larger than this (a big batch) is cheaper to refetch than to stream.</summary>
    public const int QueueCapacity = 256;

    /// <summary>Open streams per process; each holds a socket and a queue.</summary>
    public const int MaxSubscribers = 2_000;

    private readonly ConcurrentDictionary<long, Subscription> _subscribers = new();
    private long _nextId;

    public int Count => _subscribers.Count;

    /// <summary>Null when the process already holds <see cref="MaxSubscribers"/> streams.</summary>
    public Subscription? Subscribe(Guid tenantId, int capacity = QueueCapacity)
    {
        if (_subscribers.Count >= MaxSubscribers) return null;
        var sub = new Subscription(this, Interlocked.Increment(ref _nextId), tenantId, capacity);
        _subscribers[sub.Id] = sub;
        return sub;
    }

    /// <summary>An event that another node committed (see Cluster/ClusterBus).</summary>
    public void Publish(Guid tenantId, AlertStreamEvent e)
    {
        foreach (var sub in _subscribers.Values)
            if (sub.TenantId == tenantId) sub.Offer(e);
    }

    public void OnCommitted(IReadOnlyList<AlertChange> changes)
    {
        if (_subscribers.IsEmpty || changes.Count == 0) return;
        foreach (var change in changes)
        {
            AlertStreamEvent? e = null;
            foreach (var sub in _subscribers.Values)
            {
                if (sub.TenantId != change.Alert.TenantId) continue; // tenancy: a stream only ever sees its own tenant
                e ??= new AlertStreamEvent(change.Alert.Id, change.Alert.Number, change.Alert.Status.ToWire(), change.Alert.Title,
                    change.Alert.Priority.ToWire(), change.Entry.Type, change.Entry.At);
                sub.Offer(e);
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly AlertStreamHub _hub;
        private readonly Channel<AlertStreamEvent> _queue;
        private int _overflowed;

        internal Subscription(AlertStreamHub hub, long id, Guid tenantId, int capacity)
        {
            _hub = hub;
            Id = id;
            TenantId = tenantId;
            _queue = Channel.CreateBounded<AlertStreamEvent>(new BoundedChannelOptions(capacity)
            {
                SingleReader = true,
                SingleWriter = false,
                FullMode = BoundedChannelFullMode.Wait, // only TryWrite is used, so "Wait" means "refuse", never block
            });
        }

        public long Id { get; }
        public Guid TenantId { get; }
        public ChannelReader<AlertStreamEvent> Reader => _queue.Reader;

        internal void Offer(AlertStreamEvent e)
        {
            if (!_queue.Writer.TryWrite(e)) Volatile.Write(ref _overflowed, 1);
        }

        /// <summary>
        /// True once after an overflow; the queue is emptied because the client refetches everything anyway.
        /// Events offered after this call are kept, so nothing committed after the resync point is missed.
        /// </summary>
        public bool TakeOverflow()
        {
            if (Interlocked.Exchange(ref _overflowed, 0) == 0) return false;
            while (_queue.Reader.TryRead(out _)) { }
            return true;
        }

        public void Dispose()
        {
            _hub._subscribers.TryRemove(Id, out _);
            _queue.Writer.TryComplete();
        }
    }
}
