using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Metrics;

/// <summary>
/// One series: a bounded ring buffer of points in time order, guarded by its own lock so ingest and
/// evaluation of different series never contend. The buffer starts small and doubles up to the cap.
/// </summary>
public sealed class Series
{
    private const int InitialCapacity = 4;

    private readonly Lock _gate = new();
    private readonly int _maxPoints;
    private Point[] _points = new Point[InitialCapacity];
    private int _head;
    private int _count;
    private long _lastTicks = long.MinValue;
    private bool _removed;

    internal Series(Guid tenantId, string name, LabelSet labels, string key, int maxPoints)
    {
        TenantId = tenantId;
        Name = name;
        Labels = labels;
        Key = key;
        _maxPoints = maxPoints;
    }

    public Guid TenantId { get; }

    public string Name { get; }

    public LabelSet Labels { get; }

    /// <summary>The store's identity for this series (tenant, name and sorted labels, length-prefixed).</summary>
    internal string Key { get; }

    public int Count { get { lock (_gate) return _count; } }

    private readonly record struct Point(long Ticks, double Value);

    internal enum Appended { Ok, OutOfOrder, Removed }

    internal Appended Append(long ticks, double value, long minTicks)
    {
        lock (_gate)
        {
            if (_removed) return Appended.Removed;
            TrimLocked(minTicks);
            if (_count > 0)
            {
                if (ticks < _lastTicks) return Appended.OutOfOrder;
                if (ticks == _lastTicks)
                {
                    // Same timestamp again: the latest write wins, as with Prometheus remote write retries.
                    _points[Wrap(_head + _count - 1)] = new Point(ticks, value);
                    return Appended.Ok;
                }
            }
            if (_count == _points.Length)
            {
                if (_points.Length < _maxPoints) Grow();
                else
                {
                    _head = Wrap(_head + 1);
                    _count--;
                }
            }
            _points[Wrap(_head + _count)] = new Point(ticks, value);
            _count++;
            _lastTicks = ticks;
            return Appended.Ok;
        }
    }

    // Indexes stay below twice the capacity, so a subtraction replaces the division of %.
    private int Wrap(int index) => index >= _points.Length ? index - _points.Length : index;

    private void Grow()
    {
        var bigger = new Point[Math.Min(_points.Length * 2, _maxPoints)];
        for (var i = 0; i < _count; i++) bigger[i] = _points[(_head + i) % _points.Length];
        _points = bigger;
        _head = 0;
    }

    private void TrimLocked(long minTicks)
    {
        while (_count > 0 && _points[_head].Ticks < minTicks)
        {
            _head = Wrap(_head + 1);
            _count--;
        }
    }

    /// <summary>Drops points older than <paramref name="minTicks"/>; marks the series removed when its newest point is older than <paramref name="staleTicks"/>.</summary>
    internal bool TrimOrRemove(long minTicks, long staleTicks)
    {
        // Nearly every series needs nothing, and this runs over all of them every evaluation tick while ingest takes the
        // same locks: look without the lock first. _lastTicks only grows, so a value read here that is not stale is
        // really not stale; a racy read of the oldest point can only delay a trim to the next tick or append.
        if (Volatile.Read(ref _lastTicks) >= staleTicks && OldestTicksUnlocked() >= minTicks) return false;
        lock (_gate)
        {
            if (_lastTicks < staleTicks)
            {
                _removed = true;
                return true;
            }
            TrimLocked(minTicks);
            return false;
        }
    }

    private long OldestTicksUnlocked()
    {
        var points = _points;
        var head = _head;
        if (Volatile.Read(ref _count) == 0) return long.MaxValue;
        return head < points.Length ? points[head].Ticks : long.MinValue;
    }

    /// <summary>
    /// Aggregates the points with <paramref name="from"/> &lt; timestamp ≤ <paramref name="to"/>.
    /// False when the window holds no point. <paramref name="intervals"/> is the number of evaluation
    /// steps in the window, the divisor of <see cref="TimeAggregation.TimeAvg"/>.
    /// </summary>
    public bool TryAggregate(TimeAggregation aggregation, DateTimeOffset from, DateTimeOffset to, double intervals, out double value)
    {
        long lo = from.UtcTicks, hi = to.UtcTicks;
        double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var n = 0;
        lock (_gate)
        {
            // Newest first: windows are usually much shorter than retention, so stop at the first older point.
            for (var i = _count - 1; i >= 0; i--)
            {
                var p = _points[(_head + i) % _points.Length];
                if (p.Ticks > hi) continue;
                if (p.Ticks <= lo) break;
                sum += p.Value;
                if (p.Value < min) min = p.Value;
                if (p.Value > max) max = p.Value;
                n++;
            }
        }
        if (n == 0)
        {
            value = double.NaN;
            return false;
        }
        value = aggregation switch
        {
            TimeAggregation.Avg => sum / n,
            TimeAggregation.TimeAvg => sum / Math.Max(1.0, intervals),
            TimeAggregation.Min => min,
            TimeAggregation.Max => max,
            TimeAggregation.Sum => sum,
            TimeAggregation.Count => n,
            _ => double.NaN,
        };
        return true;
    }

    /// <summary>A copy of the points, oldest first (for previews, snapshots and tests).</summary>
    public IReadOnlyList<(DateTimeOffset Timestamp, double Value)> Points()
    {
        lock (_gate)
        {
            var list = new List<(DateTimeOffset, double)>(_count);
            for (var i = 0; i < _count; i++)
            {
                var p = _points[(_head + i) % _points.Length];
                list.Add((new DateTimeOffset(p.Ticks, TimeSpan.Zero), p.Value));
            }
            return list;
        }
    }

    public override string ToString() => Name + Labels;
}
