namespace Tocsin.Core.Alerts;

/// <summary>One priority scale for every dialect; severity 0–7 (0 most severe, as syslog and Sysdig) travels beside it.</summary>
public enum Priority
{
    Critical,
    High,
    Medium,
    Low,
    Info,
}

public static class PriorityNames
{
    public const string AllowedValues = "critical, high, medium, low, info";

    public static string ToWire(this Priority p) => p switch
    {
        Priority.Critical => "critical",
        Priority.High => "high",
        Priority.Medium => "medium",
        Priority.Low => "low",
        Priority.Info => "info",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    public static bool TryParse(string? text, out Priority priority)
    {
        switch (text)
        {
            case "critical": priority = Priority.Critical; return true;
            case "high": priority = Priority.High; return true;
            case "medium": priority = Priority.Medium; return true;
            case "low": priority = Priority.Low; return true;
            case "info": priority = Priority.Info; return true;
            default: priority = default; return false;
        }
    }

    public static Priority Parse(string text) =>
        TryParse(text, out var p) ? p : throw new FormatException($"unknown priority '{text}'");

    /// <summary>The severity a priority implies when none is given (Sysdig bands: 0–3 high, 4–5 medium, 6 low, 7 info).</summary>
    public static int DefaultSeverity(this Priority p) => p switch
    {
        Priority.Critical => 0,
        Priority.High => 2,
        Priority.Medium => 4,
        Priority.Low => 6,
        _ => 7,
    };

    public static Priority FromSeverity(int severity) => severity switch
    {
        <= 1 => Priority.Critical,
        <= 3 => Priority.High,
        <= 5 => Priority.Medium,
        6 => Priority.Low,
        _ => Priority.Info,
    };
}
