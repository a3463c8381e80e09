using Tocsin.Core.Alerts;
using Tocsin.Server.Dialects.PagerTree;

namespace Tocsin.Server.Tests.Dialects.PagerTree;

/// <summary>Golden tests: the PagerTree names of core statuses and priorities are wire contracts.</summary>
public sealed class PagerTreeMappingTests
{
    [Theory]
    [InlineData(AlertStatus.Triggered, "open")]
    [InlineData(AlertStatus.Acknowledged, "acknowledged")]
    [InlineData(AlertStatus.Resolved, "resolved")]
    [InlineData(AlertStatus.Dropped, "dropped")]
    [InlineData(AlertStatus.Archived, "archived")]
    public void ToStatus_EveryCoreStatus_PinnedPagerTreeName(AlertStatus core, string wire)
    {
        PagerTreeMapping.ToStatus(core).ShouldBe(wire);
        PagerTreeMapping.ParseStatus(wire).Value.ShouldBe(core);
    }

    [Theory]
    [InlineData("critical", Priority.Critical)]
    [InlineData("high", Priority.High)]
    [InlineData("medium", Priority.Medium)]
    [InlineData("low", Priority.Low)]
    public void Urgency_RoundTripsThroughCorePriority(string urgency, Priority priority)
    {
        PagerTreeMapping.ParseUrgency(urgency).Value.ShouldBe(priority);
        PagerTreeMapping.ToUrgency(priority).ShouldBe(urgency);
    }

    [Fact]
    public void ToUrgency_Info_ShowsAsLow() => PagerTreeMapping.ToUrgency(Priority.Info).ShouldBe("low");

    [Theory]
    [InlineData("silent")]
    [InlineData("CRITICAL")]
    [InlineData("")]
    public void ParseUrgency_UnknownValue_IsError(string urgency) => PagerTreeMapping.ParseUrgency(urgency).IsOk.ShouldBeFalse();

    [Theory]
    [InlineData("usr_12", "User", 12)]
    [InlineData("tem_3", "Team", 3)]
    [InlineData("skd_4", "Policy", 4)]
    [InlineData("int_5", "Source", 5)]
    [InlineData("rtr_6", "Router", 6)]
    public void ParseDestination_KnownPrefix_Reversible(string id, string kind, long n)
    {
        var d = PagerTreeMapping.ParseDestination(id, "destination_ids[0]");
        d.Value.ShouldBe(new PagerTreeDestination(Enum.Parse<PagerTreeDestinationKind>(kind), n));
        d.Value.ToString().ShouldBe(id);
    }

    [Theory]
    [InlineData("rtr_x")]
    [InlineData("usr_")]
    [InlineData("usr_abc")]
    [InlineData("usr_-1")]
    [InlineData("stk_1")]
    [InlineData("tem_xxxxxxxx")]
    public void ParseDestination_UnsupportedOrMalformed_IsError(string id) =>
        PagerTreeMapping.ParseDestination(id, "destination_ids[0]").IsOk.ShouldBeFalse();

    [Theory]
    [InlineData(AlertAction.Acknowledge, AlertStatus.Triggered, true)]
    [InlineData(AlertAction.Acknowledge, AlertStatus.Dropped, true)]
    [InlineData(AlertAction.Acknowledge, AlertStatus.Acknowledged, false)]
    [InlineData(AlertAction.Acknowledge, AlertStatus.Resolved, false)]
    [InlineData(AlertAction.Acknowledge, AlertStatus.Archived, false)]
    [InlineData(AlertAction.Resolve, AlertStatus.Acknowledged, true)]
    [InlineData(AlertAction.Resolve, AlertStatus.Triggered, false)]
    [InlineData(AlertAction.Resolve, AlertStatus.Dropped, false)]
    [InlineData(AlertAction.Resolve, AlertStatus.Resolved, false)]
    [InlineData(AlertAction.Resolve, AlertStatus.Archived, false)]
    [InlineData(AlertAction.Archive, AlertStatus.Resolved, true)]
    [InlineData(AlertAction.Archive, AlertStatus.Dropped, true)]
    [InlineData(AlertAction.Archive, AlertStatus.Triggered, false)]
    [InlineData(AlertAction.Archive, AlertStatus.Acknowledged, false)]
    [InlineData(AlertAction.Archive, AlertStatus.Archived, false)]
    public void Refusal_SeedStateRules_EveryPair(AlertAction action, AlertStatus status, bool allowed)
    {
        var refusal = PagerTreeAlerts.Refusal(action, status);
        (refusal is null).ShouldBe(allowed);
        if (refusal is not null) refusal.Message.ShouldStartWith($"alert is {PagerTreeMapping.ToStatus(status)};");
    }
}
