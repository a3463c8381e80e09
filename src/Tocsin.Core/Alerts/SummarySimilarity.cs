namespace Tocsin.Core.Alerts;

/// <summary>
/// How alike two alert summaries are, for <see cref="OnCall.AlertCreationMode.IntelligentGrouping"/>: a weighted (multiset) Jaccard
/// index over normalised word tokens, from 0 (nothing shared) to 1 (same tokens). Deterministic and cheap: no model, no corpus.
/// </summary>
/// <remarks>
/// Normalising: tokens are the maximal runs of letters and digits, lower-cased (invariant culture). A token holding a digit
/// ("db01", "500", each part of an IP address or a UUID) or a hex run of 8 or more characters ("deadbeef") is masked to
/// <see cref="Masked"/>, so "Disk 91% full on db01" and "Disk 97% full on db02" are the same summary. The score is
/// Σ min(countA, countB) / Σ max(countA, countB) over all tokens; counting (rather than sets) keeps "error error" apart from "error".
/// Two summaries without any token (punctuation only) score 1: nothing tells them apart; one of them against a summary with tokens scores 0.
/// </remarks>
public static class SummarySimilarity
{
    /// <summary>What numbers and hex ids become.</summary>
    public const string Masked = "#";

    private const int MinHexIdLength = 8;

    public static double Score(string a, string b) => Score(Tokens(a), Tokens(b));

    /// <summary>Scores token bags from <see cref="Tokens"/>, so a summary compared with many candidates is tokenised once.</summary>
    public static double Score(IReadOnlyDictionary<string, int> a, IReadOnlyDictionary<string, int> b)
    {
        if (a.Count == 0 || b.Count == 0) return a.Count == b.Count ? 1 : 0;
        int shared = 0, all = 0;
        foreach (var (token, countA) in a)
        {
            var countB = b.GetValueOrDefault(token);
            shared += Math.Min(countA, countB);
            all += Math.Max(countA, countB);
        }
        foreach (var (token, countB) in b)
            if (!a.ContainsKey(token)) all += countB;
        return (double)shared / all;
    }

    /// <summary>The normalised tokens of <paramref name="text"/> with how often each occurs.</summary>
    public static Dictionary<string, int> Tokens(string text)
    {
        var bag = new Dictionary<string, int>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetterOrDigit(text[i])) { i++; continue; }
            var start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i])) i++;
            var token = Normalise(text.AsSpan(start, i - start));
            bag[token] = bag.GetValueOrDefault(token) + 1;
        }
        return bag;
    }

    private static string Normalise(ReadOnlySpan<char> word)
    {
        var hex = word.Length >= MinHexIdLength;
        foreach (var c in word)
        {
            if (char.IsDigit(c)) return Masked;
            if (!char.IsAsciiHexDigit(c)) hex = false;
        }
        return hex ? Masked : word.ToString().ToLowerInvariant();
    }
}
