namespace Tocsin.Core.Alerts;

/// <summary>The one alert lifecycle. Stored and sent on the wire as the lowercase names in <see cref="AlertStatusNames"/>.</summary>
public enum AlertStatus
{
    Triggered,
    Acknowledged,
    Resolved,
    Archived,
    /// <summary>Escalation ran out with nobody acknowledging.</summary>
    Dropped,
}

public static class AlertStatusNames
{
    public static string ToWire(this AlertStatus status) => status switch
    {
        AlertStatus.Triggered => "triggered",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.Resolved => "resolved",
        AlertStatus.Archived => "archived",
        AlertStatus.Dropped => "dropped",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool TryParse(string? text, out AlertStatus status)
    {
        switch (text)
        {
            case "triggered": status = AlertStatus.Triggered; return true;
            case "acknowledged": status = AlertStatus.Acknowledged; return true;
            case "resolved": status = AlertStatus.Resolved; return true;
            case "archived": status = AlertStatus.Archived; return true;
            case "dropped": status = AlertStatus.Dropped; return true;
            default: status = default; return false;
        }
    }

    public static AlertStatus Parse(string text) =>
        TryParse(text, out var s) ? s : throw new FormatException($"unknown alert status '{text}'");

    /// <summary>Open alerts absorb repeats of their dedup key; closed ones do not.</summary>
    public static bool IsOpen(this AlertStatus status) =>
        status is AlertStatus.Triggered or AlertStatus.Acknowledged or AlertStatus.Dropped;

    public static readonly string AllowedValues = "triggered, acknowledged, resolved, archived, dropped";
}
