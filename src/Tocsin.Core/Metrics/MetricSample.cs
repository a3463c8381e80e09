namespace Tocsin.Core.Metrics;

public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, DateTimeOffset Timestamp)
{
    public const int MaxNameLength = 512;
    public const int MaxLabelValueLength = 2048;
    public const int MaxLabels = 64;

    public static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static readonly string TooManyLabelsMessage = $"a sample may carry at most {MaxLabels} labels";
    public const string NonFiniteMessage = "value must be a finite number (NaN and Infinity are refused)";

    public static string InvalidNameMessage(ReadOnlySpan<char> name) =>
        $"metric name '{name}' must match [a-zA-Z_:][a-zA-Z0-9_:.]* and be at most {MaxNameLength} characters";

    /// <summary>Checks the sample on its own; returns <see cref="AppendResult.Ok"/> or the problem with a message.</summary>
    public AppendResult Validate(out string? message)
    {
        if (!IsValidName(Name))
        {
            message = InvalidNameMessage(Name);
            return AppendResult.InvalidName;
        }
        if (Labels is null)
        {
            message = "labels are missing";
            return AppendResult.InvalidLabel;
        }
        if (Labels.Count > MaxLabels)
        {
            message = TooManyLabelsMessage;
            return AppendResult.InvalidLabel;
        }
        if (Labels is Dictionary<string, string> dictionary)
        {
            // The struct enumerator avoids boxing on the ingest hot path.
            foreach (var (key, value) in dictionary)
                if (!IsValidLabel(key, value, out message)) return AppendResult.InvalidLabel;
        }
        else
        {
            foreach (var (key, value) in Labels)
                if (!IsValidLabel(key, value, out message)) return AppendResult.InvalidLabel;
        }
        if (!double.IsFinite(Value))
        {
            message = NonFiniteMessage;
            return AppendResult.InvalidValue;
        }
        message = null;
        return AppendResult.Ok;
    }

    private static bool IsValidLabel(string key, string? value, out string? message)
    {
        if (!IsValidLabel(key.AsSpan(), value.AsSpan(), out message)) return false;
        if (value is not null) return true;
        message = $"label '{key}' must have a value of at most {MaxLabelValueLength} characters";
        return false;
    }

    public static bool IsValidLabel(ReadOnlySpan<char> key, ReadOnlySpan<char> value, out string? message)
    {
        if (key.IsEmpty || key.Length > MaxNameLength)
        {
            message = $"label names must be non-empty and at most {MaxNameLength} characters";
            return false;
        }
        if (value.Length > MaxLabelValueLength)
        {
            message = $"label '{key}' must have a value of at most {MaxLabelValueLength} characters";
            return false;
        }
        message = null;
        return true;
    }

    public static bool IsValidName(string? name) => name is not null && IsValidName(name.AsSpan());

    public static bool IsValidName(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > MaxNameLength) return false;
        var first = name[0];
        if (!(char.IsAsciiLetter(first) || first is '_' or ':')) return false;
        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' or '.')) return false;
        }
        return true;
    }
}
