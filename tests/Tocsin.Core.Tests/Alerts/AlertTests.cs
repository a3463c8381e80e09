using Tocsin.Core.Alerts;

namespace Tocsin.Core.Tests.Alerts;

public sealed class AlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Bob = Actor.User(7);

    private static Alert NewAlert(string title = "Disk full") =>
        Alert.Open(Guid.NewGuid(), new NewAlert { Title = title, Priority = Priority.Critical, DedupKey = "k", Labels = new Dictionary<string, string> { ["host"] = "db1" } }, T0);

    [Fact]
    public void Open_SetsTriggeredAndTimes()
    {
        var a = NewAlert();
        a.Status.ShouldBe(AlertStatus.Triggered);
        a.Count.ShouldBe(1);
        a.CreatedAt.ShouldBe(T0);
        a.FirstSeenAt.ShouldBe(T0);
        a.Severity.ShouldBe(0);
        a.LabelsChanged.ShouldBeTrue();
    }

    [Fact]
    public void Acknowledge_WhenTriggered_RecordsWhoAndWritesOneEntry()
    {
        var a = NewAlert();
        var (t, entry) = a.Apply(AlertAction.Acknowledge, Bob, T0.AddMinutes(3));
        t.Kind.ShouldBe(TransitionKind.Applied);
        a.AcknowledgedAt.ShouldBe(T0.AddMinutes(3));
        a.AcknowledgedBy.ShouldBe(Bob);
        entry!.Type.ShouldBe(TimelineTypes.Acknowledged);
        entry.Actor.ShouldBe(Bob);
        entry.Vars!["from"].ShouldBe("triggered");
    }

    [Fact]
    public void Acknowledge_WhenResolved_IsRejectedAndChangesNothing()
    {
        var a = NewAlert();
        a.Apply(AlertAction.Resolve, Bob, T0);
        var (t, entry) = a.Apply(AlertAction.Acknowledge, Bob, T0.AddMinutes(1));
        t.Kind.ShouldBe(TransitionKind.Rejected);
        t.Reason.ShouldBe("cannot acknowledge an alert that is resolved");
        entry.ShouldBeNull();
        a.AcknowledgedAt.ShouldBeNull();
    }

    [Fact]
    public void Acknowledge_WhenAcknowledged_IsNoOpWithoutEntry()
    {
        var a = NewAlert();
        a.Apply(AlertAction.Acknowledge, Bob, T0);
        var (t, entry) = a.Apply(AlertAction.Acknowledge, Actor.User(8), T0.AddMinutes(1));
        t.Kind.ShouldBe(TransitionKind.NoOp);
        entry.ShouldBeNull();
        a.AcknowledgedBy.ShouldBe(Bob);
    }

    [Fact]
    public void Unacknowledge_ClearsAcknowledgement()
    {
        var a = NewAlert();
        a.Apply(AlertAction.Acknowledge, Bob, T0);
        a.Apply(AlertAction.Unacknowledge, Actor.System, T0.AddMinutes(30)).Entry!.Type.ShouldBe(TimelineTypes.Unacknowledged);
        a.Status.ShouldBe(AlertStatus.Triggered);
        a.AcknowledgedAt.ShouldBeNull();
    }

    [Fact]
    public void Flow_Triggered_Acknowledged_Resolved_Archived()
    {
        var a = NewAlert();
        a.Apply(AlertAction.Acknowledge, Bob, T0.AddMinutes(1)).Entry.ShouldNotBeNull();
        a.Apply(AlertAction.Resolve, Bob, T0.AddMinutes(2)).Entry.ShouldNotBeNull();
        a.Apply(AlertAction.Archive, Bob, T0.AddMinutes(3)).Entry.ShouldNotBeNull();
        a.Status.ShouldBe(AlertStatus.Archived);
        a.ResolvedAt.ShouldBe(T0.AddMinutes(2));
        a.ArchivedAt.ShouldBe(T0.AddMinutes(3));
    }

    [Fact]
    public void Repeat_CountsAndTakesNewFields()
    {
        var a = NewAlert();
        var entry = a.Repeat(new NewAlert { Title = "Disk really full", Priority = Priority.Low, Labels = new Dictionary<string, string> { ["host"] = "db1" } }, Actor.System, T0.AddMinutes(5));
        a.Count.ShouldBe(2);
        a.LastSeenAt.ShouldBe(T0.AddMinutes(5));
        a.Title.ShouldBe("Disk really full");
        a.Priority.ShouldBe(Priority.Critical, "a repeat without an explicit priority keeps the old one");
        entry.Type.ShouldBe(TimelineTypes.Repeated);
        entry.Vars!["changed"].ShouldBe("title");
    }

    [Fact]
    public void Repeat_WithGivenPriority_ChangesPriorityAndSeverity()
    {
        var a = NewAlert();
        a.Repeat(new NewAlert { Title = "Disk full", Priority = Priority.Low, PriorityGiven = true }, Actor.System, T0.AddMinutes(1));
        a.Priority.ShouldBe(Priority.Low);
        a.Severity.ShouldBe(6);
    }

    [Fact]
    public void Update_WithNoChange_ReturnsNull()
    {
        var a = NewAlert();
        a.Update(new AlertPatch(Title: "Disk full"), Bob, T0).ShouldBeNull();
        a.Update(new AlertPatch(Tags: ["db"]), Bob, T0)!.Vars!["changed"].ShouldBe("tags");
    }

    [Theory]
    [InlineData(0, Priority.Critical)]
    [InlineData(1, Priority.Critical)]
    [InlineData(2, Priority.High)]
    [InlineData(3, Priority.High)]
    [InlineData(4, Priority.Medium)]
    [InlineData(5, Priority.Medium)]
    [InlineData(6, Priority.Low)]
    [InlineData(7, Priority.Info)]
    public void FromSeverity_MapsSysdigBands(int severity, Priority expected) => PriorityNames.FromSeverity(severity).ShouldBe(expected);

    [Fact]
    public void Actor_RoundTripsThroughItsStoredForm()
    {
        foreach (var a in new[] { Actor.System, Actor.ApiKey(3), Actor.User(9), Actor.Integration("prometheus") })
            Actor.Parse(a.ToString()).ShouldBe(a);
    }

    [Fact]
    public void Snapshot_IsTheAlertAsItStands_AndChangesNoMoreWithIt()
    {
        var a = NewAlert();
        a.Meta = new System.Text.Json.Nodes.JsonObject { ["team"] = "db" };
        a.Tags.Add("disk");
        a.AcceptChanges();
        var copy = a.Snapshot();

        a.Apply(AlertAction.Acknowledge, Bob, T0.AddMinutes(3));
        a.Repeat(new NewAlert { Title = "Disk full", Labels = new Dictionary<string, string> { ["host"] = "db2" } }, Bob, T0.AddMinutes(4));
        a.Tags.Add("urgent");
        a.Links.Add(new AlertLink("https://runbooks.example/disk", null));
        a.Images.Add(new AlertImage("https://graphs.example/disk.png", null, null));
        a.Responders.Add(new Responder(7, ResponderStatus.Accepted, T0, T0));
        a.Meta["team"] = "storage";

        copy.Status.ShouldBe(AlertStatus.Triggered);
        copy.Count.ShouldBe(1);
        copy.Labels["host"].ShouldBe("db1");
        copy.LabelsChanged.ShouldBeFalse("the copy's labels are as stored");
        copy.Tags.ShouldBe(["disk"]);
        copy.Links.ShouldBeEmpty();
        copy.Images.ShouldBeEmpty();
        copy.Responders.ShouldBeEmpty();
        copy.Meta!["team"]!.GetValue<string>().ShouldBe("db");
        copy.Title.ShouldBe(a.Title);
        copy.DedupKey.ShouldBe("k");
    }
}
