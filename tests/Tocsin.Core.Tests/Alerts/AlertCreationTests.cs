using Tocsin.Core.Alerts;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Tests.Alerts;

/// <summary>Each creation mode's decision, and the names it is stored under (renaming one would orphan stored sources).</summary>
public sealed class AlertCreationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static AlertSource Source(AlertCreationMode mode, TimeSpan? window = null, double? score = null) =>
        new(9, "S", "src_x", null, null, PriorityRule.High, mode, null, window, ScoreThreshold: score);

    /// <summary>The single lookup of a mode that looks once (every mode before #8's), or null when it never joins.</summary>
    private static OpenAlertMatch? Single(AlertSource? source, string? key) =>
        AlertCreation.LookupsFor(source, key, "title", Now) switch
        {
            [] => null,
            [var one] => one.Limit == 1 && one.MinSimilarity is null ? one.Match : throw new ShouldAssertException("not a plain lookup"),
            var many => throw new ShouldAssertException($"{many.Count} lookups"),
        };

    [Fact]
    public void NoSource_DedupsByKeyOnly() =>
        (Single(null, "k"), Single(null, null)).ShouldBe((new OpenAlertMatch("k"), null));

    [Fact]
    public void OneOpenAlertPerKey_ByKey_NothingWithoutKey()
    {
        Single(Source(AlertCreationMode.OneOpenAlertPerKey), "k").ShouldBe(new OpenAlertMatch("k"));
        Single(Source(AlertCreationMode.OneOpenAlertPerKey), null).ShouldBeNull();
    }

    [Fact]
    public void OneAlertPerEvent_NeverJoins() =>
        Single(Source(AlertCreationMode.OneAlertPerEvent), "k").ShouldBeNull();

    [Fact]
    public void OnePendingAlert_OpenByKey_OrPendingOfTheSource()
    {
        // A key matching an open alert groups regardless (#8), accepted or not; the pending-only rule is for keyless events.
        Single(Source(AlertCreationMode.OnePendingAlert), "k").ShouldBe(new OpenAlertMatch("k"));
        Single(Source(AlertCreationMode.OnePendingAlert), null).ShouldBe(new OpenAlertMatch(null, 9, PendingOnly: true));
    }

    [Fact]
    public void OneOpenAlertPerSource_IgnoresKey() =>
        Single(Source(AlertCreationMode.OneOpenAlertPerSource), "k").ShouldBe(new OpenAlertMatch(null, 9));

    [Fact]
    public void GroupedPerWindow_KeyFirst_ThenOpenedWithinTheWindow()
    {
        var source = Source(AlertCreationMode.OneAlertGroupedPerWindow, TimeSpan.FromMinutes(10));
        var window = new OpenAlertLookup(new OpenAlertMatch(null, 9, CreatedSince: Now.AddMinutes(-10)));
        AlertCreation.LookupsFor(source, "k", "title", Now).ShouldBe([new OpenAlertLookup(new OpenAlertMatch("k")), window]);
        AlertCreation.LookupsFor(source, null, "title", Now).ShouldBe([window]);
        // Without a window (never saved that way): one alert per key.
        Single(Source(AlertCreationMode.OneAlertGroupedPerWindow), "k").ShouldBe(new OpenAlertMatch("k"));
    }

    [Fact]
    public void OneAlertPerSummary_KeyFirst_ThenTheSameSummaryOfTheSource()
    {
        AlertCreation.LookupsFor(Source(AlertCreationMode.OneAlertPerSummary), "k", "Disk full", Now)
            .ShouldBe([new OpenAlertLookup(new OpenAlertMatch("k")), new OpenAlertLookup(new OpenAlertMatch(null, 9, Title: "Disk full"))]);
        AlertCreation.LookupsFor(Source(AlertCreationMode.OneAlertPerSummary), null, "Disk full", Now)
            .ShouldBe([new OpenAlertLookup(new OpenAlertMatch(null, 9, Title: "Disk full"))]);
    }

    [Fact]
    public void OpenResolveOnExtraction_OneAlertPerKey_KeylessNeverJoins()
    {
        Single(Source(AlertCreationMode.OpenResolveOnExtraction), "k").ShouldBe(new OpenAlertMatch("k"));
        Single(Source(AlertCreationMode.OpenResolveOnExtraction), null).ShouldBeNull();
    }

    [Fact]
    public void IntelligentGrouping_KeyFirst_ThenBoundedSimilarCandidatesWithinTheWindow()
    {
        var source = Source(AlertCreationMode.IntelligentGrouping, TimeSpan.FromMinutes(30), 0.6);
        AlertCreation.LookupsFor(source, "k", "x", Now).ShouldBe([
            new OpenAlertLookup(new OpenAlertMatch("k")),
            new OpenAlertLookup(new OpenAlertMatch(null, 9, CreatedSince: Now.AddMinutes(-30)), AlertCreation.MaxSimilarityCandidates, 0.6)]);
        // No threshold stored (an old row): the default.
        AlertCreation.LookupsFor(Source(AlertCreationMode.IntelligentGrouping, TimeSpan.FromMinutes(30)), null, "x", Now).ShouldHaveSingleItem()
            .MinSimilarity.ShouldBe(AlertCreation.DefaultScoreThreshold);
        // Without a window (never saved that way): one alert per key.
        Single(Source(AlertCreationMode.IntelligentGrouping), "k").ShouldBe(new OpenAlertMatch("k"));
    }

    [Fact]
    public void Pick_Similarity_NewestSimilarEnoughWins_NoneBelowThreshold()
    {
        var lookup = new OpenAlertLookup(new OpenAlertMatch(null, 9), 50, 0.75);
        Alert newest = Open("Queue backlog on orders"), older = Open("Disk 91% full on db01"), oldest = Open("Disk 80% full on db07");
        AlertCreation.Pick(lookup, [newest, older, oldest], "Disk 97% full on db02").ShouldBeSameAs(older);
        AlertCreation.Pick(lookup, [newest, older, oldest], "Certificate expires soon").ShouldBeNull();
        AlertCreation.Pick(lookup, [], "Disk 97% full on db02").ShouldBeNull();
        // Without a similarity the newest match is joined, whatever its summary.
        AlertCreation.Pick(new OpenAlertLookup(new OpenAlertMatch(null, 9)), [newest, older], "anything").ShouldBeSameAs(newest);
    }

    [Fact]
    public void Pick_ThresholdIsInclusive()
    {
        // "a b c d" against "a b c e": 3 shared of 5 distinct = 0.6.
        var candidate = Open("a b c d");
        AlertCreation.Pick(new OpenAlertLookup(new OpenAlertMatch(null, 9), 50, 0.6), [candidate], "a b c e").ShouldBeSameAs(candidate);
        AlertCreation.Pick(new OpenAlertLookup(new OpenAlertMatch(null, 9), 50, 0.61), [candidate], "a b c e").ShouldBeNull();
    }

    private static Alert Open(string title) => Alert.Open(Guid.Empty, new NewAlert { Title = title }, Now);

    [Fact]
    public void UsesGroupingWindow_OnlyTheTwoGroupingModes() =>
        Enum.GetValues<AlertCreationMode>().Where(AlertCreation.UsesGroupingWindow)
            .ShouldBe([AlertCreationMode.OneAlertGroupedPerWindow, AlertCreationMode.IntelligentGrouping]);

    [Fact]
    public void StoredNames_ArePinned() =>
        Enum.GetNames<AlertCreationMode>().ShouldBe(["OneOpenAlertPerKey", "OneAlertPerEvent", "OnePendingAlert", "OneOpenAlertPerSource", "OneAlertGroupedPerWindow",
            "OneAlertPerSummary", "OpenResolveOnExtraction", "IntelligentGrouping"]);

    [Fact]
    public void Acknowledge_ByUser_MakesThemAnAcceptedResponder_UnacknowledgeReverts()
    {
        var alert = Alert.Open(Guid.NewGuid(), new NewAlert { Title = "t" }, Now);
        alert.Responders = [new Responder(3, ResponderStatus.Pending, Now, null)];
        alert.Apply(AlertAction.Acknowledge, Actor.User(7), Now.AddMinutes(1));
        alert.Responders.ShouldBe([new Responder(3, ResponderStatus.Pending, Now, null), new Responder(7, ResponderStatus.Accepted, Now.AddMinutes(1), Now.AddMinutes(1))]);
        alert.Apply(AlertAction.Unacknowledge, Actor.System, Now.AddMinutes(2));
        alert.Responders.ShouldBe([new Responder(3, ResponderStatus.Pending, Now, null), new Responder(7, ResponderStatus.Pending, Now.AddMinutes(1), null)]);
        alert.Apply(AlertAction.Acknowledge, Actor.User(3), Now.AddMinutes(3));
        alert.Responders[0].ShouldBe(new Responder(3, ResponderStatus.Accepted, Now, Now.AddMinutes(3)));
    }
}
