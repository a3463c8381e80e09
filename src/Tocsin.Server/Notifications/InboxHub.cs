using System.Collections.Concurrent;
using System.Threading.Channels;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>
/// Fans new in-app items out to <c>/inbox/stream</c> connections of their user. The delivery worker publishes without
/// waiting: each connection has a bounded queue, and one that falls behind is told to resync instead of slowing delivery.
/// </summary>
public sealed class InboxHub
{
    public const int QueueCapacity = 64;
    public const int MaxSubscribers = 2_000;

    private readonly ConcurrentDictionary<long, Subscription> _subscribers = new();
    private long _nextId;

    public Subscription? Subscribe(Guid tenantId, long userId)
    {
        if (_subscribers.Count >= MaxSubscribers) return null;
        var sub = new Subscription(this, Interlocked.Increment(ref _nextId), tenantId, userId);
        _subscribers[sub.Id] = sub;
        return sub;
    }

    public void Publish(Guid tenantId, InboxItem item)
    {
        foreach (var sub in _subscribers.Values)
            if (sub.TenantId == tenantId && sub.UserId == item.UserId) sub.Offer(item);
    }

    public sealed class Subscription : IDisposable
    {
        private readonly InboxHub _hub;
        private readonly Channel<InboxItem> _queue = Channel.CreateBounded<InboxItem>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
        private int _overflowed;

        internal Subscription(InboxHub hub, long id, Guid tenantId, long userId) { _hub = hub; Id = id; TenantId = tenantId; UserId = userId; }

        public long Id { get; }
        public Guid TenantId { get; }
        public long UserId { get; }
        public ChannelReader<InboxItem> Reader => _queue.Reader;

        // TryWrite only: a full queue refuses instead of blocking the delivery worker.
        internal void Offer(InboxItem item) { if (!_queue.Writer.TryWrite(item)) Volatile.Write(ref _overflowed, 1); }

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
