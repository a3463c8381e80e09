using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;
using Tocsin.Server.Dialects.Ilert;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>Golden tests of the ilert vocabulary: the wire strings are a contract with ilert clients.</summary>
public sealed class IlertMappingTests
{
    [Theory]
    [InlineData(Priority.Critical, "HIGH")]
    [InlineData(Priority.High, "HIGH")]
    [InlineData(Priority.Medium, "LOW")]
    [InlineData(Priority.Low, "LOW")]
    [InlineData(Priority.Info, "LOW")]
    public void ToIlertPriority_EachCorePriority_IsGolden(Priority core, string ilert) =>
        IlertMapping.ToIlertPriority(core).ShouldBe(ilert);

    [Theory]
    [InlineData("HIGH", Priority.High)]
    [InlineData("LOW", Priority.Low)]
    public void FromIlertPriority_Documented_RoundTrips(string ilert, Priority core)
    {
        IlertMapping.FromIlertPriority(ilert).Value.ShouldBe(core);
        IlertMapping.ToIlertPriority(core).ShouldBe(ilert);
    }

    [Theory]
    [InlineData("high")]
    [InlineData("CRITICAL")]
    [InlineData(null)]
    public void FromIlertPriority_Unknown_IsValidationError(string? value) =>
        IlertMapping.FromIlertPriority(value).Error!.Field.ShouldBe("priority");

    [Theory]
    [InlineData(AlertStatus.Triggered, "PENDING")]
    [InlineData(AlertStatus.Acknowledged, "ACCEPTED")]
    [InlineData(AlertStatus.Resolved, "RESOLVED")]
    [InlineData(AlertStatus.Archived, "RESOLVED")]
    [InlineData(AlertStatus.Dropped, "PENDING")]
    public void ToIlertStatus_EachCoreStatus_FollowsDesignTable(AlertStatus core, string ilert)
    {
        IlertMapping.ToIlertStatus(core).ShouldBe(ilert);
        IlertMapping.FromIlertState(ilert).Value!.ShouldContain(core);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("NEW")]
    [InlineData("OPEN")]
    public void FromIlertState_Unknown_IsValidationError(string state) =>
        IlertMapping.FromIlertState(state).Error!.Field.ShouldBe("states");

    [Fact]
    public void LogEntryKind_EveryCoreTimelineType_HasItsOwnMapping()
    {
        var types = typeof(TimelineTypes).GetFields().Concat(typeof(EscalationTimeline).GetFields())
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        types.Count.ShouldBeGreaterThan(10);
        foreach (var type in types)
        {
            var kind = IlertMapping.LogEntryKind(new TimelineEntry(1, 1, type, DateTimeOffset.UnixEpoch, Actor.System, "x", null));
            kind.DePrefix.ShouldNotBeEmpty($"timeline type '{type}' falls through to the generic log entry");
        }
    }

    [Theory]
    [InlineData(null, null, 0, 50)]
    [InlineData("100", "100", 100, 100)]
    [InlineData("0", "1", 0, 1)]
    public void FromIlertPaging_Valid_ReturnsStartAndMax(string? start, string? max, int expectedStart, int expectedMax) =>
        IlertMapping.FromIlertPaging(start, max).Value.ShouldBe((expectedStart, expectedMax));

    [Theory]
    [InlineData("0", "101", "max-results")]
    [InlineData("0", "0", "max-results")]
    [InlineData("-1", "10", "start-index")]
    [InlineData("x", "10", "start-index")]
    public void FromIlertPaging_OutOfRange_IsValidationError(string start, string max, string field) =>
        IlertMapping.FromIlertPaging(start, max).Error!.Field.ShouldBe(field);

    [Fact]
    public void FromIlertPolicy_RepeatingWithFrequency_MapsToRepeatAndDelay()
    {
        var dto = new IlertEscalationPolicy(null, "P", [new IlertEscalationRule(5, new IlertIdRef(1), null, [new IlertUserRel(2)], [new IlertScheduleRel(3)], null)],
            null, true, 3, 2, null);
        var policy = IlertMapping.FromIlertPolicy(dto, 0).Value!;
        policy.Repeat.ShouldBe(3);
        policy.InitialDelay.ShouldBe(TimeSpan.FromMinutes(2));
        policy.Rules[0].Timeout.ShouldBe(TimeSpan.FromMinutes(5));
        policy.Rules[0].Targets.ShouldBe([EscalationTarget.User(1), EscalationTarget.Schedule(3), EscalationTarget.User(2)], ignoreOrder: true);
    }
}
