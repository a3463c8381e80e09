using System.Net;
using Tocsin.Core.Notifications;

namespace Tocsin.Core.Tests.Notifications;

public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.0.1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("ff02::1")]
    public void Check_Default_RefusesLinkLocalMetadataAndNonUnicast(string ip)
    {
        var decision = new AddressGuard().Check(IPAddress.Parse(ip));
        decision.Allowed.ShouldBeFalse();
        decision.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.5")]
    [InlineData("192.168.1.10")]
    [InlineData("fd12:3456::1")]
    [InlineData("93.184.216.34")]
    [InlineData("2606:2800:220:1::1")]
    public void Check_Default_AllowsLoopbackPrivateAndPublic(string ip) =>
        new AddressGuard().Check(IPAddress.Parse(ip)).Allowed.ShouldBeTrue();

    [Fact]
    public void Check_DenyList_RefusesRangeAndSingleAddress()
    {
        var guard = new AddressGuard(new AddressGuardOptions { Deny = ["10.0.0.0/8", "192.168.1.7"] });
        guard.Check(IPAddress.Parse("10.9.9.9")).Reason!.ShouldContain("10.0.0.0/8");
        guard.Check(IPAddress.Parse("192.168.1.7")).Allowed.ShouldBeFalse();
        guard.Check(IPAddress.Parse("192.168.1.8")).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void Check_AllowList_OverridesBuiltInRefusal()
    {
        var guard = new AddressGuard(new AddressGuardOptions { Allow = ["169.254.10.0/24"] });
        guard.Check(IPAddress.Parse("169.254.10.5")).Allowed.ShouldBeTrue();
        guard.Check(IPAddress.Parse("169.254.169.254")).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Check_DenyWinsOverAllow()
    {
        var guard = new AddressGuard(new AddressGuardOptions { Allow = ["10.0.0.0/8"], Deny = ["10.0.0.5"] });
        guard.Check(IPAddress.Parse("10.0.0.5")).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void Constructor_InvalidCidr_ThrowsAndValidateNamesEntry()
    {
        var options = new AddressGuardOptions { Deny = ["10.0.0.0/33"], Allow = ["nonsense"] };
        Should.Throw<ArgumentException>(() => new AddressGuard(options));
        var errors = AddressGuard.ValidateOptions(options);
        errors.Count.ShouldBe(2);
        errors.ShouldContain(e => e.Contains("nonsense"));
    }

    [Fact]
    public async Task ResolveAllowedAsync_HostResolvingToMetadata_Refused()
    {
        var guard = new AddressGuard(resolver: Resolver("169.254.169.254"));
        var e = await Should.ThrowAsync<AddressRefusedException>(() => guard.ResolveAllowedAsync("evil.example", default));
        e.Message.ShouldContain("169.254.169.254");
    }

    [Fact]
    public async Task ResolveAllowedAsync_MixedAnswer_KeepsOnlyAllowed()
    {
        var guard = new AddressGuard(resolver: Resolver("169.254.169.254", "10.0.0.1"));
        (await guard.ResolveAllowedAsync("mixed.example", default)).ShouldBe([IPAddress.Parse("10.0.0.1")]);
    }

    [Fact]
    public async Task ResolveAllowedAsync_IpLiteralInBrackets_NotResolved()
    {
        var guard = new AddressGuard(resolver: (_, _) => throw new InvalidOperationException("must not resolve literals"));
        (await guard.ResolveAllowedAsync("[::1]", default)).ShouldBe([IPAddress.IPv6Loopback]);
        await Should.ThrowAsync<AddressRefusedException>(() => guard.ResolveAllowedAsync("[fe80::1]", default));
    }

    [Fact]
    public async Task CheckUrlAsync_Metadata_RefusedWithReason()
    {
        var decision = await new AddressGuard().CheckUrlAsync(new Uri("http://169.254.169.254/latest/meta-data/"), default);
        decision.Allowed.ShouldBeFalse();
        decision.Reason!.ShouldContain("metadata");
    }

    private static HostResolver Resolver(params string[] ips) =>
        (_, _) => Task.FromResult(ips.Select(IPAddress.Parse).ToArray());
}
