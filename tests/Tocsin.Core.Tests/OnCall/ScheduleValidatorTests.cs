using Tocsin.Core.OnCall;
using static Tocsin.Core.Tests.OnCall.Times;

namespace Tocsin.Core.Tests.OnCall;

public sealed class ScheduleValidatorTests
{
    private static ScheduleLayer Layer(params long[] users) =>
        new("primary", users, At("2026-01-05T09:00+01:00"), ShiftLength.Days(1), new TimeOnly(9, 0));

    private static Schedule Valid => new(1, "Ops", "Europe/Berlin", [Layer(1, 2)]);

    [Fact]
    public void Validate_ValidSchedule_ReturnsNoErrors()
    {
        ScheduleValidator.Validate(Valid).ShouldBeEmpty();
    }

    [Fact]
    public void Validate_EmptyRotation_NamesTheLayerUsers()
    {
        var schedule = Valid with { Layers = [Layer(1), Layer()] };

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["layers[1].users"]);
    }

    [Fact]
    public void Validate_UnknownTimeZones_NameScheduleAndLayer()
    {
        var schedule = Valid with { TimeZone = "Mars/Olympus", Layers = [Layer(1) with { TimeZone = "Europe/Atlantis" }] };

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["timeZone", "layers[0].timeZone"]);
    }

    [Theory]
    [InlineData(RotationKind.Daily, 0)]
    [InlineData(RotationKind.Hourly, -1)]
    [InlineData(RotationKind.Weekly, 0)]
    public void Validate_NonPositiveShiftCount_NamesShiftLength(RotationKind kind, int count)
    {
        var schedule = Valid with { Layers = [Layer(1) with { ShiftLength = new ShiftLength(kind, count, TimeSpan.Zero) }] };

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["layers[0].shiftLength"]);
    }

    [Fact]
    public void Validate_ZeroCustomDuration_NamesShiftLength()
    {
        var schedule = Valid with { Layers = [Layer(1), Layer(2) with { ShiftLength = ShiftLength.Of(TimeSpan.Zero) }] };

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["layers[1].shiftLength"]);
    }

    [Fact]
    public void Validate_InvertedOverride_NamesUntil()
    {
        var schedule = Valid with
        {
            Overrides =
            [
                new ScheduleOverride(1, 5, At("2026-01-05T10:00Z"), At("2026-01-05T12:00Z")),
                new ScheduleOverride(2, 5, At("2026-01-06T10:00Z"), At("2026-01-06T12:00Z")),
                new ScheduleOverride(3, 5, At("2026-01-07T12:00Z"), At("2026-01-07T12:00Z")),
            ],
        };

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["overrides[2].until"]);
    }

    [Fact]
    public void Validate_OverlappingOverrides_NamesTheLaterOneAndTheEarlier()
    {
        var schedule = Valid with
        {
            Overrides =
            [
                new ScheduleOverride(1, 5, At("2026-01-05T10:00Z"), At("2026-01-05T12:00Z")),
                new ScheduleOverride(2, 6, At("2026-01-05T12:00Z"), At("2026-01-05T13:00Z")), // touching is fine
                new ScheduleOverride(3, 7, At("2026-01-05T11:00Z"), At("2026-01-05T11:30Z")),
            ],
        };

        var errors = ScheduleValidator.Validate(schedule);

        errors.Count.ShouldBe(1);
        errors[0].Field.ShouldBe("overrides[2]");
        errors[0].Message.ShouldContain("overrides[0]");
    }

    [Fact]
    public void Validate_NoLayersAndBlankName_NamesBoth()
    {
        var schedule = new Schedule(1, " ", "UTC", []);

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["name", "layers"]);
    }

    [Fact]
    public void Validate_EndBeforeStart_NamesEnd()
    {
        var schedule = Valid with { Layers = [Layer(1) with { End = At("2026-01-05T08:00+01:00") }] };

        ScheduleValidator.Validate(schedule).Select(e => e.Field).ShouldBe(["layers[0].end"]);
    }
}
