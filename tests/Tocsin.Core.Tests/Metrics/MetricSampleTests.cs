using Tocsin.Core.Metrics;

namespace Tocsin.Core.Tests.Metrics;

public sealed class MetricSampleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("cpu.used.percent")]
    [InlineData("http_requests_total")]
    [InlineData(":recording:rule")]
    [InlineData("_x9")]
    public void Validate_GoodName_IsOk(string name)
    {
        new MetricSample(name, MetricSample.NoLabels, 1, T0).Validate(out _).ShouldBe(AppendResult.Ok);
    }

    [Theory]
    [InlineData("")]
    [InlineData("9lives")]
    [InlineData(".cpu")]
    [InlineData("cpu used")]
    [InlineData("cpu-used")]
    public void Validate_BadName_IsInvalidName(string name)
    {
        new MetricSample(name, MetricSample.NoLabels, 1, T0).Validate(out var message).ShouldBe(AppendResult.InvalidName);
        message.ShouldNotBeNullOrEmpty();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_NonFiniteValue_IsInvalidValue(double value)
    {
        new MetricSample("x", MetricSample.NoLabels, value, T0).Validate(out _).ShouldBe(AppendResult.InvalidValue);
    }

    [Fact]
    public void Validate_EmptyLabelName_IsInvalidLabel()
    {
        new MetricSample("x", new Dictionary<string, string> { [""] = "v" }, 1, T0).Validate(out _).ShouldBe(AppendResult.InvalidLabel);
    }

    [Fact]
    public void Validate_TooManyLabels_IsInvalidLabel()
    {
        var labels = Enumerable.Range(0, MetricSample.MaxLabels + 1).ToDictionary(i => $"l{i}", i => "v");

        new MetricSample("x", labels, 1, T0).Validate(out _).ShouldBe(AppendResult.InvalidLabel);
    }
}
