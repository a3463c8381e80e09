using Tocsin.Core.Alerts;

namespace Tocsin.Core.Tests.Alerts;

/// <summary>Golden values: these strings are stored in databases and sent on the wire; changing one is a breaking change.</summary>
public sealed class PersistedNamesTests
{
    [Fact]
    public void AlertStatus_WireNames_AreStable()
    {
        Enum.GetValues<AlertStatus>().Select(s => s.ToWire())
            .ShouldBe(["triggered", "acknowledged", "resolved", "archived", "dropped"]);
        foreach (var s in Enum.GetValues<AlertStatus>()) AlertStatusNames.Parse(s.ToWire()).ShouldBe(s);
    }

    [Fact]
    public void Priority_WireNames_AreStable()
    {
        Enum.GetValues<Priority>().Select(p => p.ToWire()).ShouldBe(["critical", "high", "medium", "low", "info"]);
        Enum.GetValues<Priority>().Select(p => p.DefaultSeverity()).ShouldBe([0, 2, 4, 6, 7]);
    }

    [Fact]
    public void IngestOutcome_WireNames_AreStable()
    {
        Enum.GetValues<IngestOutcome>().Select(o => o.ToWire())
            .ShouldBe(["created", "updated", "acknowledged", "resolved", "unchanged", "not_found"]);
        foreach (var o in Enum.GetValues<IngestOutcome>()) IngestOutcomeNames.Parse(o.ToWire()).ShouldBe(o);
    }

    [Fact]
    public void TimelineTypes_AreStable()
    {
        new[] { TimelineTypes.Created, TimelineTypes.Repeated, TimelineTypes.Acknowledged, TimelineTypes.Unacknowledged, TimelineTypes.Resolved,
                TimelineTypes.Dropped, TimelineTypes.Archived, TimelineTypes.Updated, TimelineTypes.Comment }
            .ShouldBe(["created", "repeated", "acknowledged", "unacknowledged", "resolved", "dropped", "archived", "updated", "comment"]);
    }
}
