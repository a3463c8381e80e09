using Tocsin.Core.Notifications;

namespace Tocsin.Core.Tests.Notifications;

// Golden test: these strings are persisted in the outbox; changing one breaks stored rows.
public sealed class WireStringTests
{
    [Theory]
    [InlineData(ChannelKind.Webhook, "webhook")]
    [InlineData(ChannelKind.Email, "email")]
    [InlineData(ChannelKind.Slack, "slack")]
    [InlineData(ChannelKind.InApp, "inapp")]
    [InlineData(ChannelKind.Sms, "sms")]
    [InlineData(ChannelKind.Voice, "voice")]
    public void ChannelKind_ToWireAndParse_RoundTrip(ChannelKind kind, string wire)
    {
        kind.ToWire().ShouldBe(wire);
        ChannelKindWire.Parse(wire).ShouldBe(kind);
    }

    [Theory]
    [InlineData(NotificationEvent.Triggered, "triggered")]
    [InlineData(NotificationEvent.Acknowledged, "acknowledged")]
    [InlineData(NotificationEvent.Resolved, "resolved")]
    [InlineData(NotificationEvent.Escalated, "escalated")]
    [InlineData(NotificationEvent.Dropped, "dropped")]
    [InlineData(NotificationEvent.Digest, "digest")]
    public void NotificationEvent_ToWireAndParse_RoundTrip(NotificationEvent value, string wire)
    {
        value.ToWire().ShouldBe(wire);
        NotificationEventWire.Parse(wire).ShouldBe(value);
    }

    [Fact]
    public void AllMembers_HaveWireStrings()
    {
        foreach (var kind in Enum.GetValues<ChannelKind>()) ChannelKindWire.Parse(kind.ToWire()).ShouldBe(kind);
        foreach (var value in Enum.GetValues<NotificationEvent>()) NotificationEventWire.Parse(value.ToWire()).ShouldBe(value);
    }

    [Theory]
    [InlineData("Webhook")]
    [InlineData("")]
    [InlineData("pager")]
    public void Parse_UnknownOrWrongCase_Fails(string wire)
    {
        ChannelKindWire.TryParse(wire, out _).ShouldBeFalse();
        NotificationEventWire.TryParse(wire, out _).ShouldBeFalse();
        Should.Throw<FormatException>(() => ChannelKindWire.Parse(wire));
    }
}
