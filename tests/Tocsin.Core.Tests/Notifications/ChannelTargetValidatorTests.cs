using Tocsin.Core.Notifications;

namespace Tocsin.Core.Tests.Notifications;

public sealed class ChannelTargetValidatorTests
{
    [Theory]
    [InlineData(ChannelKind.Webhook, "https://hooks.example.com/tocsin")]
    [InlineData(ChannelKind.Webhook, "http://10.0.0.5:8080/alerts")]
    [InlineData(ChannelKind.Slack, "https://hooks.slack.com/services/T000/B000/XXXX")]
    [InlineData(ChannelKind.Email, "ops@example.com")]
    [InlineData(ChannelKind.Email, "root@localhost")]
    [InlineData(ChannelKind.Sms, "+4915123456789")]
    [InlineData(ChannelKind.Voice, "+14155550100")]
    [InlineData(ChannelKind.InApp, "17")]
    public void Validate_ValidTarget_NoErrors(ChannelKind kind, string target) =>
        ChannelTargetValidator.Validate(kind, target).ShouldBeEmpty();

    [Theory]
    [InlineData(ChannelKind.Webhook, "", "is required")]
    [InlineData(ChannelKind.Webhook, "not a url", "absolute URL")]
    [InlineData(ChannelKind.Webhook, "ftp://example.com/x", "http or https")]
    [InlineData(ChannelKind.Webhook, "https://user:pw@example.com/", "user name or password")]
    [InlineData(ChannelKind.Slack, "hooks.slack.com/services/x", "absolute URL")]
    [InlineData(ChannelKind.Email, "not-an-address", "email address")]
    [InlineData(ChannelKind.Email, "Ops <ops@example.com>", "email address")]
    [InlineData(ChannelKind.Email, "a@b.com, c@d.com", "email address")]
    [InlineData(ChannelKind.Email, "ops@example", "domain")]
    [InlineData(ChannelKind.Sms, "015123456789", "E.164")]
    [InlineData(ChannelKind.Sms, "+49 151 234", "E.164")]
    [InlineData(ChannelKind.InApp, "-3", "user id")]
    [InlineData(ChannelKind.InApp, "alice", "user id")]
    public void Validate_InvalidTarget_FieldNamedError(ChannelKind kind, string target, string expected)
    {
        var error = ChannelTargetValidator.Validate(kind, target, field: "url").ShouldHaveSingleItem();
        error.Field.ShouldBe("url");
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void Validate_TooLongUrl_Rejected() =>
        ChannelTargetValidator.Validate(ChannelKind.Webhook, "https://example.com/" + new string('a', 2100))
            .ShouldHaveSingleItem().Message.ShouldContain("2048");

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/")]
    public void Validate_MetadataIpWithGuard_Rejected(string url) =>
        ChannelTargetValidator.Validate(ChannelKind.Webhook, url, guard: new AddressGuard())
            .ShouldHaveSingleItem().Message.ShouldContain("not allowed");

    [Fact]
    public void Validate_LoopbackWithDefaultGuard_Allowed() =>
        ChannelTargetValidator.Validate(ChannelKind.Webhook, "http://127.0.0.1:9000/hook", guard: new AddressGuard()).ShouldBeEmpty();
}
