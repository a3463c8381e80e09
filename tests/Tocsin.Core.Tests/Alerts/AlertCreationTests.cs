using Tocsin.Core.Alerts;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Tests.Alerts;

/// <summary>Each creation mode's decision, and the names it is stored under (renaming one would orphan stored sources).</summary>
public sealed class AlertCreationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static AlertSource Source(AlertCreationMode mode, TimeSpan? window = null) =>
        new(9, "S", "src_x", null, null, PriorityRule.High, mode, null, window);

    [Fact]
    public void NoSource_DedupsByKeyOnly() =>
        (AlertCreation.JoinableFor(null, "k", Now), AlertCreation.JoinableFor(null, null, Now)).ShouldBe((new OpenAlertMatch("k"), null));

    [Fact]
    public void OneOpenAlertPerKey_ByKey_NothingWithoutKey()
    {
        AlertCreation.JoinableFor(Source(AlertCreationMode.OneOpenAlertPerKey), "k", Now).ShouldBe(new OpenAlertMatch("k"));
        AlertCreation.JoinableFor(Source(AlertCreationMode.OneOpenAlertPerKey), null, Now).ShouldBeNull();
    }

    [Fact]
    public void OneAlertPerEvent_NeverJoins() =>
        AlertCreation.JoinableFor(Source(AlertCreationMode.OneAlertPerEvent), "k", Now).ShouldBeNull();

    [Fact]
    public void OnePendingAlert_PendingByKey_OrPendingOfTheSource()
    {
        AlertCreation.JoinableFor(Source(AlertCreationMode.OnePendingAlert), "k", Now).ShouldBe(new OpenAlertMatch("k", PendingOnly: true));
        AlertCreation.JoinableFor(Source(AlertCreationMode.OnePendingAlert), null, Now).ShouldBe(new OpenAlertMatch(null, 9, PendingOnly: true));
    }

    [Fact]
    public void OneOpenAlertPerSource_IgnoresKey() =>
        AlertCreation.JoinableFor(Source(AlertCreationMode.OneOpenAlertPerSource), "k", Now).ShouldBe(new OpenAlertMatch(null, 9));

    [Fact]
    public void GroupedPerWindow_OpenedWithinTheWindow()
    {
        AlertCreation.JoinableFor(Source(AlertCreationMode.OneAlertGroupedPerWindow, TimeSpan.FromMinutes(10)), "k", Now)
            .ShouldBe(new OpenAlertMatch(null, 9, CreatedSince: Now.AddMinutes(-10)));
        AlertCreation.JoinableFor(Source(AlertCreationMode.OneAlertGroupedPerWindow), "k", Now).ShouldBe(new OpenAlertMatch("k"));
    }

    [Fact]
    public void StoredNames_ArePinned() =>
        Enum.GetNames<AlertCreationMode>().ShouldBe(["OneOpenAlertPerKey", "OneAlertPerEvent", "OnePendingAlert", "OneOpenAlertPerSource", "OneAlertGroupedPerWindow"]);

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
