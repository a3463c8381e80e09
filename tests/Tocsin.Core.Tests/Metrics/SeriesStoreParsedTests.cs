using Tocsin.Core.Metrics;

namespace Tocsin.Core.Tests.Metrics;

/// <summary>The allocation-free ingest path must land on the same series, with the same verdicts, as <see cref="SeriesStore.TryAppend"/>.</summary>
public sealed class SeriesStoreParsedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.Parse("11111111-2222-3333-4444-555555555555");

    /// <summary>Lays strings out in one buffer as the JSON reader does, labels in the order given.</summary>
    private sealed class Batch
    {
        private readonly System.Text.StringBuilder _text = new();
        private readonly List<LabelRange> _labels = [];

        public TextRange Add(string s)
        {
            var r = new TextRange(_text.Length, s.Length);
            _text.Append(s);
            return r;
        }

        public LabelRange[] Labels(params (string Key, string Value)[] labels) => labels.Select(l => new LabelRange(Add(l.Key), Add(l.Value))).ToArray();

        public string Text => _text.ToString();
    }

    private static SeriesStore Store() => new(new SeriesStoreOptions { MaxSeries = 100, Retention = TimeSpan.FromMinutes(10) });

    [Fact]
    public void AppendParsed_LabelsInAnyOrder_SameSeriesAsTryAppend()
    {
        var store = Store();
        store.TryAppend(Tenant, new MetricSample("cpu", new Dictionary<string, string> { ["b"] = "2", ["a"] = "x,y" }, 1, T0), T0).ShouldBe(AppendResult.Ok);

        var b = new Batch();
        var name = b.Add("cpu");
        var labels = b.Labels(("a", "x,y"), ("b", "2"));
        store.AppendParsed(Tenant, b.Text, name, labels, 2, T0.AddSeconds(1).UtcTicks, T0).ShouldBe(AppendResult.Ok);
        var reversed = b.Labels(("b", "2"), ("a", "x,y"));
        store.AppendParsed(Tenant, b.Text, name, reversed, 3, T0.AddSeconds(2).UtcTicks, T0).ShouldBe(AppendResult.Ok);

        store.SeriesCount.ShouldBe(1);
        store.Query(Tenant, "cpu", null).Single().Points().Select(p => p.Value).ShouldBe([1.0, 2.0, 3.0]);
    }

    [Fact]
    public void AppendParsed_NewSeries_MaterializesNameAndSortedLabels()
    {
        var store = Store();
        var b = new Batch();
        var name = b.Add("queue.depth");
        var labels = b.Labels(("zone", "eu"), ("app", "api"));
        store.AppendParsed(Tenant, b.Text, name, labels, 7, T0.UtcTicks, T0).ShouldBe(AppendResult.Ok);

        var series = store.Query(Tenant, "queue.depth", null).Single();
        series.Labels.Select(l => l.Key).ShouldBe(["app", "zone"]);
        series.Labels["zone"].ShouldBe("eu");
    }

    [Fact]
    public void AppendParsed_TooOldOutOfOrderAndCap_AsTryAppend()
    {
        var store = new SeriesStore(new SeriesStoreOptions { MaxSeries = 1, Retention = TimeSpan.FromMinutes(10) });
        var b = new Batch();
        var name = b.Add("m");
        var one = b.Labels(("i", "1"));
        var two = b.Labels(("i", "2"));
        store.AppendParsed(Tenant, b.Text, name, one, 1, T0.AddMinutes(-11).UtcTicks, T0).ShouldBe(AppendResult.TooOld);
        store.AppendParsed(Tenant, b.Text, name, one, 1, T0.UtcTicks, T0).ShouldBe(AppendResult.Ok);
        store.AppendParsed(Tenant, b.Text, name, one, 1, T0.AddSeconds(-1).UtcTicks, T0).ShouldBe(AppendResult.OutOfOrder);
        store.AppendParsed(Tenant, b.Text, name, two, 1, T0.UtcTicks, T0).ShouldBe(AppendResult.SeriesLimitExceeded);
        store.AppendParsed(Tenant, b.Text, name, one, 1, T0.AddMinutes(6).UtcTicks, T0).ShouldBe(AppendResult.TooFarInFuture);
    }

    [Theory]
    [InlineData("1bad", "k", "v", 1.0, AppendResult.InvalidName)]
    [InlineData("ok", "", "v", 1.0, AppendResult.InvalidLabel)]
    [InlineData("ok", "k", "v", double.NaN, AppendResult.InvalidValue)]
    [InlineData("ok", "k", "v", 1.0, AppendResult.Ok)]
    public void Validate_SameVerdictAndMessageAsMetricSample(string metric, string key, string value, double v, AppendResult expected)
    {
        var b = new Batch();
        var name = b.Add(metric);
        var labels = b.Labels((key, value));
        SeriesStore.Validate(b.Text, name, labels, v, out var message).ShouldBe(expected);
        new MetricSample(metric, new Dictionary<string, string> { [key] = value }, v, T0).Validate(out var expectedMessage).ShouldBe(expected);
        message.ShouldBe(expectedMessage);
    }
}
