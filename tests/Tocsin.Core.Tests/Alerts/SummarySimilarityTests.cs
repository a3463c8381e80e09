using Tocsin.Core.Alerts;

namespace Tocsin.Core.Tests.Alerts;

/// <summary>INTELLIGENT_GROUPING's measure: weighted Jaccard over lower-cased word tokens with numbers and hex ids masked.</summary>
public sealed class SummarySimilarityTests
{
    [Fact]
    public void Tokens_LowerCased_NumbersAndHexIdsMasked_Counted() =>
        SummarySimilarity.Tokens("Pod api-7f9c2d1e OOMKilled on Node-12, node deadbeefcafe; ERROR error").ShouldBe(new Dictionary<string, int>
        {
            ["pod"] = 1, ["api"] = 1, ["#"] = 3, ["oomkilled"] = 1, ["on"] = 1, ["node"] = 2, ["error"] = 2,
        }, ignoreOrder: true);

    [Fact]
    public void Tokens_ShortHexWordsAreWords() =>
        // "cafe" and "added" are hex digits only, but words: only runs of 8 or more count as ids.
        SummarySimilarity.Tokens("cafe added").Keys.ShouldBe(["cafe", "added"], ignoreOrder: true);

    [Theory]
    [InlineData("Disk 91% full on db01", "disk 97% FULL on db02", 1.0)]
    [InlineData("Host 10.0.0.12 unreachable", "Host 192.168.1.7 unreachable", 1.0)]
    [InlineData("a b c d", "a b c e", 0.6)]
    [InlineData("error", "error error", 0.5)]
    [InlineData("CPU high on web", "Certificate expires soon", 0.0)]
    [InlineData("", "", 1.0)]
    [InlineData("!!!", "abc", 0.0)]
    public void Score_Examples(string a, string b, double expected) =>
        SummarySimilarity.Score(a, b).ShouldBe(expected, 1e-9);

    [Theory]
    [InlineData("Disk full on db01", "Queue backlog 500 on orders")]
    [InlineData("Payment service 5xx rate above 2%", "Payment service 5xx rate above 5% in eu-west-1")]
    public void Score_IsSymmetricAndWithinZeroAndOne(string a, string b)
    {
        var s = SummarySimilarity.Score(a, b);
        s.ShouldBe(SummarySimilarity.Score(b, a));
        s.ShouldBeInRange(0, 1);
        SummarySimilarity.Score(a, a).ShouldBe(1);
    }
}
