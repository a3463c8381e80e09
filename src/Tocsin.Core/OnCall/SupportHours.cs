namespace Tocsin.Core.OnCall;

/// <summary>When an alert source is staffed: local windows in an IANA zone, e.g. weekdays 09:00–17:00 Europe/Berlin.</summary>
public sealed record SupportHours(string TimeZone, IReadOnlyList<TimeWindow> Windows)
{
    public bool IsWithin(DateTimeOffset at)
    {
        if (Windows.Count == 0) return false;
        var local = TimeZones.ToLocal(at, TimeZones.Find(TimeZone));
        for (var i = 0; i < Windows.Count; i++)
            if (Windows[i].Contains(local)) return true;
        return false;
    }

    public IReadOnlyList<FieldError> Validate(string path = "supportHours")
    {
        var errors = new List<FieldError>();
        if (!TimeZones.TryFind(TimeZone, out _))
            errors.Add(new($"{path}.timeZone", $"unknown IANA time zone '{TimeZone}'"));
        for (var i = 0; i < Windows.Count; i++)
        {
            if (Windows[i].Day is { } day && !Enum.IsDefined(day))
                errors.Add(new($"{path}.windows[{i}].day", $"unknown day of week {(int)day}"));
        }
        return errors;
    }
}
