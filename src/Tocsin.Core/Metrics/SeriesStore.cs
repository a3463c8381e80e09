using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Metrics;

/// <summary>
/// In-memory windowed series keyed by tenant + metric name + sorted labels. Safe for concurrent
/// ingest and evaluation: the maps are concurrent and each series has its own lock. Growth is bounded
/// by <see cref="SeriesStoreOptions.MaxSeries"/> and <see cref="SeriesStoreOptions.MaxPointsPerSeries"/>.
/// </summary>
public sealed partial class SeriesStore : ISeriesReader
{
    private readonly SeriesStoreOptions _options;
    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ConcurrentDictionary<(Guid Tenant, string Name), ConcurrentDictionary<string, Series>> _byName = new();
    private int _count;
    // Effective retention in ticks: the configured floor, raised to what the enabled rules need (see SetRequiredRetention).
    private long _retentionTicks;

    [ThreadStatic] private static KeyValuePair<string, string>[]? t_scratch;

    public SeriesStore(SeriesStoreOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxSeries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPointsPerSeries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Retention, TimeSpan.Zero);
        _options = options;
        _retentionTicks = options.Retention.Ticks;
        _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public SeriesStoreOptions Options => _options;

    public int SeriesCount => Volatile.Read(ref _count);

    /// <summary>
    /// Points older than now − Retention are refused and trimmed: the configured <see cref="SeriesStoreOptions.Retention"/>,
    /// or longer when the enabled rules need it (<see cref="SetRequiredRetention"/>), capped at <see cref="SeriesStoreOptions.MaxRetention"/>.
    /// </summary>
    public TimeSpan Retention => TimeSpan.FromTicks(Volatile.Read(ref _retentionTicks));

    /// <summary>A series without a new sample for this long is removed; never shorter than the retention, or a rule with a long window would lose a quiet series it still aggregates.</summary>
    public TimeSpan StaleAfter => _options.StaleAfter > Retention ? _options.StaleAfter : Retention;

    /// <summary>
    /// Sets what the rules need (longest window + hold + margin). Retention becomes the larger of that and the configured
    /// floor, capped at <see cref="SeriesStoreOptions.MaxRetention"/>; a shrink takes effect at the next <see cref="ExpireStale"/>.
    /// </summary>
    public void SetRequiredRetention(TimeSpan required)
    {
        var ticks = Math.Min(Math.Max(required.Ticks, _options.Retention.Ticks), Math.Max(_options.MaxRetention.Ticks, _options.Retention.Ticks));
        Volatile.Write(ref _retentionTicks, ticks);
    }

    public AppendResult TryAppend(Guid tenantId, MetricSample sample, DateTimeOffset now)
    {
        var valid = sample.Validate(out _);
        return valid != AppendResult.Ok ? valid : AppendValidated(tenantId, sample, now);
    }

    /// <summary>
    /// Validates the whole batch first so that a bad sample stores nothing and is reported by index;
    /// then stores each sample, counting those refused for capacity or ordering.
    /// </summary>
    public BatchAppendResult AppendBatch(Guid tenantId, IReadOnlyList<MetricSample> samples, DateTimeOffset now)
    {
        for (var i = 0; i < samples.Count; i++)
        {
            string? message = "sample is missing";
            var valid = samples[i] is null ? AppendResult.InvalidName : samples[i].Validate(out message);
            if (valid != AppendResult.Ok) return new BatchAppendResult(0, samples.Count, i, valid, message);
        }

        int accepted = 0, firstError = -1;
        var error = AppendResult.Ok;
        for (var i = 0; i < samples.Count; i++)
        {
            var r = AppendValidated(tenantId, samples[i], now);
            if (r == AppendResult.Ok) accepted++;
            else if (firstError < 0) { firstError = i; error = r; }
        }
        return new BatchAppendResult(accepted, samples.Count - accepted, firstError, error, firstError < 0 ? null : error.ToString());
    }

    private AppendResult AppendValidated(Guid tenantId, MetricSample sample, DateTimeOffset now)
    {
        var ticks = sample.Timestamp.UtcTicks;
        var minTicks = now.UtcTicks - Volatile.Read(ref _retentionTicks);
        if (ticks < minTicks) return AppendResult.TooOld;
        if (ticks > (now + _options.MaxFutureSkew).UtcTicks) return AppendResult.TooFarInFuture;

        var labels = SortedLabels(sample.Labels);
        var span = labels.AsSpan(0, sample.Labels.Count);
        var length = KeyLength(sample.Name, span);
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            WriteKey(buffer, tenantId, sample.Name, span);
            // A removed (expired) series is retried once: the second pass creates a fresh one.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (!_lookup.TryGetValue(buffer, out var series))
                {
                    series = Create(tenantId, sample.Name, span, buffer);
                    if (series is null) return AppendResult.SeriesLimitExceeded;
                }
                switch (series.Append(ticks, sample.Value, minTicks))
                {
                    case Series.Appended.Ok: return AppendResult.Ok;
                    case Series.Appended.OutOfOrder: return AppendResult.OutOfOrder;
                }
            }
            return AppendResult.SeriesLimitExceeded;
        }
        finally
        {
            span.Clear();
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private Series? Create(Guid tenantId, string name, ReadOnlySpan<KeyValuePair<string, string>> labels, ReadOnlySpan<char> key)
    {
        if (Interlocked.Increment(ref _count) > _options.MaxSeries)
        {
            Interlocked.Decrement(ref _count);
            return _lookup.TryGetValue(key, out var raced) ? raced : null;
        }
        var keyText = key.ToString();
        var created = new Series(tenantId, name, new LabelSet(labels.ToArray()), keyText, _options.MaxPointsPerSeries);
        var series = _series.GetOrAdd(keyText, created);
        if (!ReferenceEquals(series, created))
        {
            Interlocked.Decrement(ref _count);
            return series;
        }
        _byName.GetOrAdd((tenantId, name), static _ => new ConcurrentDictionary<string, Series>(StringComparer.Ordinal))[keyText] = series;
        return series;
    }

    /// <summary>Removes series with no sample for <see cref="StaleAfter"/> and trims old points from the rest.</summary>
    public int ExpireStale(DateTimeOffset now)
    {
        var minTicks = (now - Retention).UtcTicks;
        var staleTicks = (now - StaleAfter).UtcTicks;
        var removed = 0;
        foreach (var (key, series) in _series)
        {
            if (!series.TrimOrRemove(minTicks, staleTicks)) continue;
            if (!_series.TryRemove(new KeyValuePair<string, Series>(key, series))) continue;
            if (_byName.TryGetValue((series.TenantId, series.Name), out var byName))
                byName.TryRemove(new KeyValuePair<string, Series>(key, series));
            Interlocked.Decrement(ref _count);
            removed++;
        }
        return removed;
    }

    public IReadOnlyList<Series> Query(Guid tenantId, string metricName, FilterExpr? filter)
    {
        if (!_byName.TryGetValue((tenantId, metricName), out var byName)) return [];
        var result = new List<Series>();
        foreach (var (_, series) in byName)
        {
            if (filter is null || filter.Matches(series.Labels)) result.Add(series);
        }
        return result;
    }

    /// <summary>Every series of a tenant (for snapshots and diagnostics).</summary>
    public IEnumerable<Series> All(Guid tenantId) => _series.Values.Where(s => s.TenantId == tenantId);

    private static KeyValuePair<string, string>[] SortedLabels(IReadOnlyDictionary<string, string> labels)
    {
        var scratch = t_scratch ??= new KeyValuePair<string, string>[MetricSample.MaxLabels];
        var n = 0;
        // Deserialized samples carry a Dictionary: enumerate it by its struct enumerator, not a boxed one.
        if (labels is Dictionary<string, string> dictionary)
        {
            foreach (var pair in dictionary) Insert(scratch, ref n, pair);
        }
        else
        {
            foreach (var pair in labels) Insert(scratch, ref n, pair);
        }
        return scratch;
    }

    // Insertion sort: label sets are small and this allocates nothing.
    private static void Insert(KeyValuePair<string, string>[] scratch, ref int n, KeyValuePair<string, string> pair)
    {
        var j = n++;
        while (j > 0 && string.CompareOrdinal(scratch[j - 1].Key, pair.Key) > 0)
        {
            scratch[j] = scratch[j - 1];
            j--;
        }
        scratch[j] = pair;
    }

    // Key layout: tenant GUID as 8 chars, then each string prefixed by its length as one char. Length
    // prefixes make the key unambiguous whatever characters label values hold.
    private static int KeyLength(string name, ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        var length = 8 + 1 + name.Length;
        foreach (var p in labels) length += 2 + p.Key.Length + p.Value.Length;
        return length;
    }

    private static void WriteKey(Span<char> buffer, Guid tenantId, string name, ReadOnlySpan<KeyValuePair<string, string>> labels)
    {
        WriteTenant(buffer, tenantId);
        var at = 8;
        Write(buffer, ref at, name);
        foreach (var p in labels)
        {
            Write(buffer, ref at, p.Key);
            Write(buffer, ref at, p.Value);
        }
    }

    private static void WriteTenant(Span<char> buffer, Guid tenantId) =>
        MemoryMarshal.Cast<Guid, char>(MemoryMarshal.CreateReadOnlySpan(ref tenantId, 1)).CopyTo(buffer);
}
