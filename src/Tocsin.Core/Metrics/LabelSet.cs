using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Tocsin.Core.Metrics;

/// <summary>
/// An immutable label map stored as one array sorted by name: far smaller than a Dictionary per
/// series, and label sets are small enough that a scan beats hashing.
/// </summary>
public sealed class LabelSet : IReadOnlyDictionary<string, string>
{
    public static readonly LabelSet Empty = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    /// <summary>Takes ownership of <paramref name="sortedPairs"/>, which must be sorted ordinally by key with no duplicates.</summary>
    internal LabelSet(KeyValuePair<string, string>[] sortedPairs) => _pairs = sortedPairs;

    public static LabelSet From(IReadOnlyDictionary<string, string> labels)
    {
        if (labels is LabelSet set) return set;
        var pairs = labels.ToArray();
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LabelSet(pairs);
    }

    public int Count => _pairs.Length;

    public KeyValuePair<string, string> this[int index] => _pairs[index];

    public string this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _pairs.Select(p => p.Key);

    public IEnumerable<string> Values => _pairs.Select(p => p.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var p in _pairs)
        {
            if (string.Equals(p.Key, key, StringComparison.Ordinal))
            {
                value = p.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(",", _pairs.Select(p => $"{p.Key}=\"{p.Value}\"")) + "}";
}
