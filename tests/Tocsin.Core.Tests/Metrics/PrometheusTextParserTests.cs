using Tocsin.Core.Metrics;

namespace Tocsin.Core.Tests.Metrics;

public sealed class PrometheusTextParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    // The example of the exposition format documentation, minus its +Inf sample.
    private const string Exposition = """
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="post",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="400"}    3 1395066363000

        # Escaping in label values:
        msdos_file_access_time_seconds{path="C:\\DIR\\FILE.TXT",error="Cannot find file:\n\"FILE.TXT\""} 1.458255915e9

        # Minimalistic line:
        metric_without_timestamp_and_labels 12.47

        # A histogram, which has a pretty complex representation in the text format:
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_sum 53423
        rpc_duration_seconds{quantile="0.5",} 4773
        """;

    [Fact]
    public void Parse_DocumentationExample_ReadsEverySample()
    {
        var result = PrometheusTextParser.Parse(Exposition, Now);

        result.Error.ShouldBeNull();
        result.Samples.Count.ShouldBe(7);
        var first = result.Samples[0];
        first.Name.ShouldBe("http_requests_total");
        first.Labels.ShouldBe(new Dictionary<string, string> { ["method"] = "post", ["code"] = "200" });
        first.Value.ShouldBe(1027);
        first.Timestamp.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1395066363000));
        result.Samples[1].Value.ShouldBe(3);
    }

    [Fact]
    public void Parse_EscapedLabelValues_AreDecoded()
    {
        var sample = PrometheusTextParser.Parse(Exposition, Now).Samples[2];

        sample.Labels["path"].ShouldBe(@"C:\DIR\FILE.TXT");
        sample.Labels["error"].ShouldBe("Cannot find file:\n\"FILE.TXT\"");
        sample.Value.ShouldBe(1.458255915e9);
    }

    [Fact]
    public void Parse_NoTimestamp_UsesDefault()
    {
        var sample = PrometheusTextParser.Parse(Exposition, Now).Samples[3];

        sample.Labels.ShouldBeEmpty();
        sample.Timestamp.ShouldBe(Now);
    }

    [Fact]
    public void Parse_TrailingCommaInLabels_IsAccepted()
    {
        PrometheusTextParser.Parse(Exposition, Now).Samples[6].Labels["quantile"].ShouldBe("0.5");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("+Inf")]
    [InlineData("-Inf")]
    [InlineData("Infinity")]
    public void Parse_NonFiniteValue_FailsWithLine(string value)
    {
        var result = PrometheusTextParser.Parse($"# HELP x y\nok 1\nbad{{a=\"b\"}} {value}\n", Now);

        result.Success.ShouldBeFalse();
        result.ErrorLine.ShouldBe(3);
        result.Samples.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("1bad 1", "metric name")]
    [InlineData("m{a=\"b\" 1", "',' or '}'")]
    [InlineData("m{a=b} 1", "'\"'")]
    [InlineData("m{a=\"b} 1", "not closed")]
    [InlineData("m{a=\"\\x\"} 1", "invalid escape")]
    [InlineData("m{a=\"1\",a=\"2\"} 1", "twice")]
    [InlineData("m", "missing value")]
    [InlineData("m one", "invalid value")]
    [InlineData("m 1 12.5", "invalid timestamp")]
    [InlineData("m 1 12 extra", "after timestamp")]
    [InlineData("# TYPE m gauges", "unknown metric type")]
    public void Parse_Malformed_ReportsLineAndReason(string line, string reason)
    {
        var result = PrometheusTextParser.Parse("ok 1\r\n" + line, Now);

        result.ErrorLine.ShouldBe(2);
        result.Error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Parse_Empty_HasNoSamples()
    {
        PrometheusTextParser.Parse("", Now).Samples.ShouldBeEmpty();
    }
}
