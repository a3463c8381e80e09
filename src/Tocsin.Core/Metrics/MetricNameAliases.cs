namespace Tocsin.Core.Metrics;

/// <summary>
/// Names a client may push that the core metric-name grammar refuses, each stored under a core name instead. Twilio
/// Flex sends its metric ids (<c>Waiting (Now)</c>, #9), whose spaces and parentheses the condition language cannot
/// name; the dialect registers them here so the same samples reach the rules it builds over <c>flex.*</c> names.
/// Only names that are not valid core names are looked up, so a valid name is never rewritten.
/// </summary>
public sealed class MetricNameAliases(IReadOnlyDictionary<string, string> aliases)
{
    public static readonly MetricNameAliases None = new(new Dictionary<string, string>());

    public IReadOnlyDictionary<string, string> Map { get; } = aliases;

    /// <summary>The core name for <paramref name="name"/>, when it is not a valid core name itself but a registered alias.</summary>
    public bool TryResolve(ReadOnlySpan<char> name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? core)
    {
        core = null;
        // The string is made only for a name the grammar refuses: never on the hot path of valid names.
        return Map.Count > 0 && !MetricSample.IsValidName(name) && Map.TryGetValue(name.ToString(), out core);
    }
}
