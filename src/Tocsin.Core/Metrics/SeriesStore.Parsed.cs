using System.Buffers;

namespace Tocsin.Core.Metrics;

/// <summary>One string of a parsed sample: a slice of the batch's shared char buffer, not yet a string.</summary>
public readonly record struct TextRange(int Start, int Length)
{
    public ReadOnlySpan<char> In(ReadOnlySpan<char> text) => text.Slice(Start, Length);
}

/// <summary>One label of a parsed sample, both parts in the batch's char buffer.</summary>
public readonly record struct LabelRange(TextRange Key, TextRange Value);

/// <summary>
/// The ingest hot path (#5: ≥ 500,000 samples/s over HTTP). A request's samples are parsed once into one char buffer and
/// ranges into it; validating and storing them allocates nothing for a series that exists: no string, no dictionary, no
/// sample object. Only a new series materializes its name and labels. The series key is the one
/// <see cref="TryAppend"/> builds, so both paths meet on the same series.
/// </summary>
public sealed partial class SeriesStore
{
    /// <summary>The checks of <see cref="MetricSample.Validate"/> over ranges, with the same results and messages.</summary>
    public static AppendResult Validate(ReadOnlySpan<char> text, TextRange name, ReadOnlySpan<LabelRange> labels, double value, out string? message)
    {
        var nameText = name.In(text);
        if (!MetricSample.IsValidName(nameText))
        {
            message = MetricSample.InvalidNameMessage(nameText);
            return AppendResult.InvalidName;
        }
        if (labels.Length > MetricSample.MaxLabels)
        {
            message = MetricSample.TooManyLabelsMessage;
            return AppendResult.InvalidLabel;
        }
        foreach (var label in labels)
        {
            if (!MetricSample.IsValidLabel(label.Key.In(text), label.Value.In(text), out message)) return AppendResult.InvalidLabel;
        }
        if (!double.IsFinite(value))
        {
            message = MetricSample.NonFiniteMessage;
            return AppendResult.InvalidValue;
        }
        message = null;
        return AppendResult.Ok;
    }

    /// <summary>Stores a sample already checked by <see cref="Validate(ReadOnlySpan{char}, TextRange, ReadOnlySpan{LabelRange}, double, out string?)"/>.</summary>
    public AppendResult AppendParsed(Guid tenantId, ReadOnlySpan<char> text, TextRange name, ReadOnlySpan<LabelRange> labels, double value, long ticks, DateTimeOffset now)
    {
        var minTicks = now.UtcTicks - Volatile.Read(ref _retentionTicks);
        if (ticks < minTicks) return AppendResult.TooOld;
        if (ticks > (now + _options.MaxFutureSkew).UtcTicks) return AppendResult.TooFarInFuture;

        Span<LabelRange> sorted = labels.Length <= 16 ? stackalloc LabelRange[labels.Length] : new LabelRange[labels.Length];
        labels.CopyTo(sorted);
        // Insertion sort by key, ordinal (as string.CompareOrdinal): label sets are small and this allocates nothing.
        for (var i = 1; i < sorted.Length; i++)
        {
            var pair = sorted[i];
            var j = i;
            while (j > 0 && sorted[j - 1].Key.In(text).SequenceCompareTo(pair.Key.In(text)) > 0)
            {
                sorted[j] = sorted[j - 1];
                j--;
            }
            sorted[j] = pair;
        }

        var nameText = name.In(text);
        var length = 8 + 1 + nameText.Length;
        foreach (var p in sorted) length += 2 + p.Key.Length + p.Value.Length;
        char[]? rented = null;
        var key = length <= 512 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length)).AsSpan(0, length);
        try
        {
            WriteTenant(key, tenantId);
            var at = 8;
            Write(key, ref at, nameText);
            foreach (var p in sorted)
            {
                Write(key, ref at, p.Key.In(text));
                Write(key, ref at, p.Value.In(text));
            }
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (!_lookup.TryGetValue(key, out var series))
                {
                    series = Create(tenantId, nameText.ToString(), Materialize(text, sorted), key);
                    if (series is null) return AppendResult.SeriesLimitExceeded;
                }
                switch (series.Append(ticks, value, minTicks))
                {
                    case Series.Appended.Ok: return AppendResult.Ok;
                    case Series.Appended.OutOfOrder: return AppendResult.OutOfOrder;
                }
            }
            return AppendResult.SeriesLimitExceeded;
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private static KeyValuePair<string, string>[] Materialize(ReadOnlySpan<char> text, ReadOnlySpan<LabelRange> sorted)
    {
        var pairs = new KeyValuePair<string, string>[sorted.Length];
        for (var i = 0; i < sorted.Length; i++) pairs[i] = new(sorted[i].Key.In(text).ToString(), sorted[i].Value.In(text).ToString());
        return pairs;
    }

    private static void Write(Span<char> buffer, ref int at, ReadOnlySpan<char> text)
    {
        buffer[at++] = (char)text.Length;
        text.CopyTo(buffer[at..]);
        at += text.Length;
    }
}
