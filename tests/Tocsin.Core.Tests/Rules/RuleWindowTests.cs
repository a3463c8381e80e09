using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Metrics;
using Tocsin.Core.Rules;
using Tocsin.Testing;

namespace Tocsin.Core.Tests.Rules;

public sealed class RuleWindowTests
{
    private static readonly Guid Tenant = Guid.Parse("aaaaaaaa-0000-0000-0000-000000000002");
    private readonly FakeTimeProvider _clock = new();
    private readonly SeriesStore _store = new(new SeriesStoreOptions());

    private static CompiledRule Compile(string condition, Threshold? warning = null, params string[] segmentBy) =>
        RuleValidator.Validate(new Rule
        {
            Id = 7, TenantId = Tenant, Name = "r", Condition = condition, Filter = "env='prod'", SegmentBy = segmentBy, Warning = warning,
            Window = TimeSpan.FromSeconds(30), EvaluationStep = TimeSpan.FromSeconds(10),
        }).Compiled!;

    private void Push(string metric, double value, DateTimeOffset at, params (string, string)[] labels) =>
        _store.TryAppend(Tenant, new MetricSample(metric, labels.ToDictionary(l => l.Item1, l => l.Item2), value, at), at).ShouldBe(AppendResult.Ok);

    [Fact]
    public void Read_GroupsSeriesBySegment_KeepsOnlyWindowPointsAndFilter()
    {
        var t0 = _clock.GetUtcNow();
        Push("cpu", 1, t0, ("host", "a"), ("env", "prod"));                    // will fall out of the window
        Push("cpu", 2, t0 + TimeSpan.FromSeconds(20), ("host", "a"), ("env", "prod"));
        Push("cpu", 3, t0 + TimeSpan.FromSeconds(40), ("host", "a"), ("env", "prod"));
        Push("cpu", 9, t0 + TimeSpan.FromSeconds(40), ("host", "b"), ("env", "prod"));
        Push("cpu", 50, t0 + TimeSpan.FromSeconds(40), ("host", "c"), ("env", "dev")); // filtered out
        Push("mem", 70, t0 + TimeSpan.FromSeconds(40), ("host", "a"), ("env", "prod")); // not in the condition
        var now = t0 + TimeSpan.FromSeconds(40);

        var w = RuleWindow.Read(Compile("max(timeMax(cpu)) > 5", new Threshold(ComparisonOp.Greater, 4), "host"), _store, now);

        w.From.ShouldBe(now - TimeSpan.FromSeconds(30));
        w.To.ShouldBe(now);
        w.Segments.Select(s => s.SegmentKey).ShouldBe(["host=a", "host=b"]);
        w.Segments[0].Series.ShouldHaveSingleItem().Points.Select(p => p.Value).ShouldBe([2.0, 3.0]);
        w.Segments[1].Series.ShouldHaveSingleItem().Points.ShouldBe([(now, 9.0)]);
        w.Thresholds.Select(t => (t.Level, t.Metric, t.Threshold.Value)).ShouldBe([("critical", "cpu", 5.0), ("warning", "cpu", 4.0)]);
    }

    [Fact]
    public void Read_CompoundCondition_OneLinePerComparison_EachMetricOnce()
    {
        var now = _clock.GetUtcNow();
        Push("cpu", 1, now, ("env", "prod"));
        var w = RuleWindow.Read(Compile("max(timeMax(cpu)) > 90 and min(timeMin(cpu)) < 5"), _store, now);
        w.Segments.ShouldHaveSingleItem().SegmentKey.ShouldBe(RuleEvaluator.WholeRule);
        w.Segments[0].Series.Count.ShouldBe(1);
        w.Thresholds.Select(t => (t.Level, t.Threshold.Value)).ShouldBe([("condition", 90.0), ("condition", 5.0)]);
    }

    [Fact]
    public void Thin_LongSeries_KeepsSpikeAndOrderWithinLimit()
    {
        var t0 = _clock.GetUtcNow();
        var points = Enumerable.Range(0, 1000).Select(i => (t0.AddSeconds(i), i == 613 ? 500.0 : i == 101 ? -80.0 : 10.0)).ToList();
        var thinned = RuleWindow.Thin(points, 100);
        thinned.Count.ShouldBeLessThanOrEqualTo(100);
        thinned.ShouldContain((t0.AddSeconds(613), 500.0));
        thinned.ShouldContain((t0.AddSeconds(101), -80.0));
        thinned.Select(p => p.At).ShouldBeInOrder(SortDirection.Ascending);
        RuleWindow.Thin(points.Take(50).ToList(), 100).Count.ShouldBe(50);
    }
}
