namespace Tocsin.Core.OnCall;

/// <summary>Checks a schedule before it is stored; every error names the field the way the JSON API spells it.</summary>
public static class ScheduleValidator
{
    public static IReadOnlyList<FieldError> Validate(Schedule schedule)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(schedule.Name))
            errors.Add(new("name", "must not be empty"));
        if (!TimeZones.TryFind(schedule.TimeZone, out _))
            errors.Add(new("timeZone", $"unknown IANA time zone '{schedule.TimeZone}'"));
        if (schedule.Layers.Count == 0)
            errors.Add(new("layers", "a schedule needs at least one layer"));

        for (var i = 0; i < schedule.Layers.Count; i++)
            ValidateLayer(schedule.Layers[i], $"layers[{i}]", errors);
        ValidateOverrides(schedule.Overrides, errors);
        return errors;
    }

    private static void ValidateLayer(ScheduleLayer layer, string path, List<FieldError> errors)
    {
        if (layer.Users.Count == 0)
            errors.Add(new($"{path}.users", "the rotation needs at least one user"));
        if (layer.TimeZone is not null && !TimeZones.TryFind(layer.TimeZone, out _))
            errors.Add(new($"{path}.timeZone", $"unknown IANA time zone '{layer.TimeZone}'"));
        if (!Enum.IsDefined(layer.ShiftLength.Kind))
            errors.Add(new($"{path}.shiftLength", $"unknown rotation kind {(int)layer.ShiftLength.Kind}"));
        else if (!layer.ShiftLength.IsPositive)
            errors.Add(new($"{path}.shiftLength", "must be greater than zero"));
        if (layer.End is { } end && end <= layer.Start)
            errors.Add(new($"{path}.end", "must be after start"));
        for (var r = 0; r < layer.Restrictions.Count; r++)
        {
            if (layer.Restrictions[r].Day is { } day && !Enum.IsDefined(day))
                errors.Add(new($"{path}.restrictions[{r}].day", $"unknown day of week {(int)day}"));
        }
    }

    private static void ValidateOverrides(IReadOnlyList<ScheduleOverride> overrides, List<FieldError> errors)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var o = overrides[i];
            if (o.Until <= o.From)
            {
                errors.Add(new($"overrides[{i}].until", "must be after from"));
                continue;
            }
            // Quadratic, but schedules hold tens of overrides, and naming both sides makes the error actionable.
            for (var j = 0; j < i; j++)
            {
                var other = overrides[j];
                if (other.Until > other.From && o.From < other.Until && other.From < o.Until)
                    errors.Add(new($"overrides[{i}]", $"overlaps overrides[{j}] ({other.From:O} – {other.Until:O})"));
            }
        }
    }
}
