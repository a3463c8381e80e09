using Tocsin.Core.Rules;
using Tocsin.Server.Dialects.Ibm;

namespace Tocsin.Server.Tests.Dialects.Ibm;

/// <summary>Golden tests of the pure IBM mapping: the seed's severity table and the timespan rules.</summary>
public sealed class IbmMappingTests
{
    /// <summary>Seed "Severity level values", pinned: changing a row breaks clients that filter on severityLabel.</summary>
    [Theory]
    [InlineData(0, "HIGH")]
    [InlineData(1, "HIGH")]
    [InlineData(2, "MEDIUM")]
    [InlineData(3, "MEDIUM")]
    [InlineData(4, "LOW")]
    [InlineData(5, "LOW")]
    [InlineData(6, "INFO")]
    [InlineData(7, "INFO")]
    public void SeverityLabel_SeedTable_IsPinned(int severity, string label)
    {
        IbmMapping.SeverityLabel(severity).ShouldBe(label);
        IbmMapping.ResolveSeverity(severity, null).Value.ShouldBe(severity);
        IbmMapping.ResolveSeverity(severity, label).Value.ShouldBe(severity);
    }

    [Theory]
    [InlineData("HIGH", 0)]
    [InlineData("MEDIUM", 2)]
    [InlineData("LOW", 4)]
    [InlineData("INFO", 6)]
    public void ResolveSeverity_LabelOnly_TakesTheMostSevereNumberOfItsPair(string label, int severity) =>
        IbmMapping.ResolveSeverity(null, label).Value.ShouldBe(severity);

    [Fact]
    public void ResolveSeverity_Neither_IsWarning() => IbmMapping.ResolveSeverity(null, null).Value.ShouldBe(RuleDefaults.Severity);

    [Theory]
    [InlineData(8, null, "severity")]
    [InlineData(-1, null, "severity")]
    [InlineData(null, "high", "severityLabel")]
    [InlineData(null, "CRITICAL", "severityLabel")]
    [InlineData(0, "INFO", "severityLabel")]
    public void ResolveSeverity_UnknownOrContradictory_IsAnErrorOnTheField(int? severity, string? label, string field) =>
        IbmMapping.ResolveSeverity(severity, label).Error!.Field.ShouldBe(field);

    [Theory]
    [InlineData(60_000_000L, 60)]
    [InlineData(600_000_000L, 600)]
    [InlineData(86_400_000_000L, 86_400)]
    public void ToWindow_WholeMinutes_MapToTheRuleWindow(long micros, int seconds) =>
        IbmMapping.ToWindow(micros).Value.ShouldBe(TimeSpan.FromSeconds(seconds));

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    [InlineData(1_000_000L)]
    [InlineData(59_999_999L)]
    [InlineData(90_000_000L)]
    [InlineData(86_460_000_000L)]
    public void ToWindow_BelowMinimumOrNotAMultipleOrTooLong_IsATimespanError(long? micros) =>
        IbmMapping.ToWindow(micros).Error!.Field.ShouldBe("timespan");

    [Fact]
    public void ToSegmentCondition_AnyAllAbsent_MapAndOthersAreErrors()
    {
        IbmMapping.ToSegmentCondition(null).Value.ShouldBe(SegmentCondition.Any);
        IbmMapping.ToSegmentCondition(new IbmSegmentCondition("ANY")).Value.ShouldBe(SegmentCondition.Any);
        IbmMapping.ToSegmentCondition(new IbmSegmentCondition("ALL")).Value.ShouldBe(SegmentCondition.All);
        IbmMapping.ToSegmentCondition(new IbmSegmentCondition("any")).Error!.Field.ShouldBe("segmentCondition.type");
        IbmMapping.ToSegmentCondition(new IbmSegmentCondition(null)).Error!.Field.ShouldBe("segmentCondition.type");
    }

    [Fact]
    public void ToRule_ThenToDto_RoundTripsTheAlert()
    {
        var request = new IbmAlertRequest
        {
            Name = "n", Description = "d", TeamId = 3, Enabled = false, Filter = "env in (\"prod\")", Type = "MANUAL",
            Condition = "avg(timeAvg(uptime)) <= 0", Timespan = 300_000_000, NotificationChannelIds = [4, 5], ReNotify = true,
            ReNotifyMinutes = 30, SegmentBy = ["host.hostName"], SegmentCondition = new("ALL"), SeverityLabel = "MEDIUM",
        };
        var rule = IbmMapping.ToRule(request, Guid.NewGuid(), 0, null).Value! with { Id = 9, Version = 2 };
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1_551_358_413_000);
        var dto = IbmMapping.ToDto(new RuleRecord(rule, at, at.AddMinutes(1), null), 7);

        dto.Id.ShouldBe(9);
        dto.Version.ShouldBe(2);
        dto.Name.ShouldBe("n");
        dto.Description.ShouldBe("d");
        dto.TeamId.ShouldBe(3);
        dto.Enabled.ShouldBeFalse();
        dto.Filter.ShouldBe("env in (\"prod\")");
        dto.Type.ShouldBe("MANUAL");
        dto.Condition.ShouldBe("avg(timeAvg(uptime)) <= 0");
        dto.Timespan.ShouldBe(300_000_000);
        dto.NotificationChannelIds.ShouldBe([4L, 5L]);
        dto.ReNotify.ShouldBeTrue();
        dto.ReNotifyMinutes.ShouldBe(30);
        dto.SegmentBy.ShouldBe(["host.hostName"]);
        dto.SegmentCondition.Type.ShouldBe("ALL");
        dto.Severity.ShouldBe(2);
        dto.SeverityLabel.ShouldBe("MEDIUM");
        dto.CreatedOn.ShouldBe(1_551_358_413_000);
        dto.ModifiedOn.ShouldBe(1_551_358_473_000);
        dto.NotificationCount.ShouldBe(7);
    }
}
