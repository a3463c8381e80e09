using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Metrics;

namespace Tocsin.Core.Tests.Metrics;

public sealed class SeriesStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static readonly Guid Other = Guid.Parse("99999999-2222-3333-4444-555555555555");

    private static MetricSample Sample(string name, double value, DateTimeOffset at, params (string Key, string Value)[] labels) =>
        new(name, labels.ToDictionary(l => l.Key, l => l.Value), value, at);

    private static SeriesStore Store(int maxSeries = 1000, int maxPoints = 100, TimeSpan? retention = null) =>
        new(new SeriesStoreOptions { MaxSeries = maxSeries, MaxPointsPerSeries = maxPoints, Retention = retention ?? TimeSpan.FromMinutes(10), StaleAfter = retention ?? TimeSpan.FromMinutes(10) });

    [Fact]
    public void TryAppend_SameLabelsInAnyOrder_ShareOneSeries()
    {
        var store = Store();

        store.TryAppend(Tenant, Sample("cpu", 1, T0, ("a", "1"), ("b", "2")), T0).ShouldBe(AppendResult.Ok);
        store.TryAppend(Tenant, Sample("cpu", 2, T0.AddSeconds(1), ("b", "2"), ("a", "1")), T0).ShouldBe(AppendResult.Ok);

        store.SeriesCount.ShouldBe(1);
        store.Query(Tenant, "cpu", null).Single().Count.ShouldBe(2);
    }

    [Fact]
    public void TryAppend_DifferentTenants_AreSeparate()
    {
        var store = Store();
        store.TryAppend(Tenant, Sample("cpu", 1, T0), T0);
        store.TryAppend(Other, Sample("cpu", 1, T0), T0);

        store.SeriesCount.ShouldBe(2);
        store.Query(Tenant, "cpu", null).Count.ShouldBe(1);
        store.Query(Guid.NewGuid(), "cpu", null).ShouldBeEmpty();
    }

    [Fact]
    public void TryAppend_AmbiguousLabelText_DoesNotCollide()
    {
        var store = Store();
        store.TryAppend(Tenant, Sample("m", 1, T0, ("a", "b,c=d")), T0);
        store.TryAppend(Tenant, Sample("m", 1, T0, ("a", "b"), ("c", "d")), T0);

        store.SeriesCount.ShouldBe(2);
    }

    [Fact]
    public void TryAppend_BeyondSeriesCap_IsRefusedButExistingSeriesStillAccept()
    {
        var store = Store(maxSeries: 3);
        for (var i = 0; i < 3; i++) store.TryAppend(Tenant, Sample("m", i, T0, ("i", $"{i}")), T0).ShouldBe(AppendResult.Ok);

        store.TryAppend(Tenant, Sample("m", 9, T0, ("i", "new")), T0).ShouldBe(AppendResult.SeriesLimitExceeded);
        store.TryAppend(Tenant, Sample("m", 9, T0.AddSeconds(1), ("i", "0")), T0).ShouldBe(AppendResult.Ok);
        store.SeriesCount.ShouldBe(3);
    }

    [Fact]
    public void TryAppend_BeyondPointCap_DropsOldest()
    {
        var store = Store(maxPoints: 5);
        for (var i = 0; i < 12; i++) store.TryAppend(Tenant, Sample("m", i, T0.AddSeconds(i)), T0.AddSeconds(i));

        var points = store.Query(Tenant, "m", null).Single().Points();
        points.Select(p => p.Value).ShouldBe([7, 8, 9, 10, 11]);
    }

    [Fact]
    public void TryAppend_SameTimestampAfterTheRingWrapped_OverwritesTheNewest()
    {
        var store = Store(maxPoints: 4);
        // Capacity 4, six points: the head has moved, so the newest point sits before the head in the array.
        for (var i = 0; i < 6; i++) store.TryAppend(Tenant, Sample("m", i, T0.AddSeconds(i)), T0.AddSeconds(i));
        store.TryAppend(Tenant, Sample("m", 50, T0.AddSeconds(5)), T0.AddSeconds(5)).ShouldBe(AppendResult.Ok);
        store.TryAppend(Tenant, Sample("m", 6, T0.AddSeconds(6)), T0.AddSeconds(6)).ShouldBe(AppendResult.Ok);

        store.Query(Tenant, "m", null).Single().Points().Select(p => p.Value).ShouldBe([3, 4, 50, 6]);
    }

    [Fact]
    public void TryAppend_OutOfOrder_IsRefusedAndSameTimestampOverwrites()
    {
        var store = Store();
        store.TryAppend(Tenant, Sample("m", 1, T0), T0);

        store.TryAppend(Tenant, Sample("m", 2, T0.AddSeconds(-1)), T0).ShouldBe(AppendResult.OutOfOrder);
        store.TryAppend(Tenant, Sample("m", 3, T0), T0).ShouldBe(AppendResult.Ok);

        store.Query(Tenant, "m", null).Single().Points().Single().Value.ShouldBe(3);
    }

    [Fact]
    public void TryAppend_OutsideRetentionOrTooFarAhead_IsRefused()
    {
        var store = Store(retention: TimeSpan.FromMinutes(5));

        store.TryAppend(Tenant, Sample("m", 1, T0.AddMinutes(-6)), T0).ShouldBe(AppendResult.TooOld);
        store.TryAppend(Tenant, Sample("m", 1, T0.AddMinutes(6)), T0).ShouldBe(AppendResult.TooFarInFuture);
        store.SeriesCount.ShouldBe(0);
    }

    [Fact]
    public void TryAppend_Invalid_StoresNothing()
    {
        var store = Store();

        store.TryAppend(Tenant, Sample("m", double.NaN, T0), T0).ShouldBe(AppendResult.InvalidValue);
        store.SeriesCount.ShouldBe(0);
    }

    [Fact]
    public void AppendBatch_WithOneBadSample_StoresNothingAndNamesIndex()
    {
        var store = Store();
        var batch = new[] { Sample("a", 1, T0), Sample("b", 1, T0), Sample("c", double.PositiveInfinity, T0), Sample("d", 1, T0) };

        var result = store.AppendBatch(Tenant, batch, T0);

        result.IsInvalid.ShouldBeTrue();
        result.ErrorIndex.ShouldBe(2);
        result.Error.ShouldBe(AppendResult.InvalidValue);
        result.Accepted.ShouldBe(0);
        store.SeriesCount.ShouldBe(0);
    }

    [Fact]
    public void AppendBatch_OverCapacity_CountsRefused()
    {
        var store = Store(maxSeries: 2);
        var batch = Enumerable.Range(0, 5).Select(i => Sample("m", i, T0, ("i", $"{i}"))).ToArray();

        var result = store.AppendBatch(Tenant, batch, T0);

        result.Accepted.ShouldBe(2);
        result.Rejected.ShouldBe(3);
        result.ErrorIndex.ShouldBe(2);
        result.Error.ShouldBe(AppendResult.SeriesLimitExceeded);
    }

    [Fact]
    public void ExpireStale_RemovesSilentSeriesAndFreesCapacity()
    {
        var store = Store(maxSeries: 2, retention: TimeSpan.FromMinutes(5));
        store.TryAppend(Tenant, Sample("m", 1, T0, ("i", "old")), T0);
        store.TryAppend(Tenant, Sample("m", 1, T0.AddMinutes(4), ("i", "live")), T0.AddMinutes(4));

        store.ExpireStale(T0.AddMinutes(6)).ShouldBe(1);

        store.SeriesCount.ShouldBe(1);
        store.Query(Tenant, "m", null).Single().Labels["i"].ShouldBe("live");
        store.TryAppend(Tenant, Sample("m", 1, T0.AddMinutes(6), ("i", "new")), T0.AddMinutes(6)).ShouldBe(AppendResult.Ok);
    }

    [Fact]
    public void ExpireStale_LiveSeries_KeepsItButTrimsPointsOlderThanRetention()
    {
        var store = Store(retention: TimeSpan.FromMinutes(5));
        for (var i = 0; i < 10; i++) store.TryAppend(Tenant, Sample("m", i, T0.AddMinutes(i)), T0.AddMinutes(i)).ShouldBe(AppendResult.Ok);
        var series = store.Query(Tenant, "m", null).Single();
        // Each append trimmed what was older than its own now − 5 min: points 4..9 are left.
        series.Count.ShouldBe(6);

        // Not stale (last point at +9 min), but the point at +4 min is older than the 5-minute retention at +9.5 min.
        store.ExpireStale(T0.AddMinutes(9.5)).ShouldBe(0);
        series.Points().Select(p => p.Value).ShouldBe([5, 6, 7, 8, 9]);
        // Nothing left to trim: a second pass changes nothing.
        store.ExpireStale(T0.AddMinutes(9.5)).ShouldBe(0);
        series.Count.ShouldBe(5);
    }

    [Fact]
    public void ExpireStale_ThenAppendToSameLabels_CreatesFreshSeries()
    {
        var store = Store(retention: TimeSpan.FromMinutes(5));
        store.TryAppend(Tenant, Sample("m", 1, T0), T0);
        store.ExpireStale(T0.AddMinutes(10));

        store.TryAppend(Tenant, Sample("m", 2, T0.AddMinutes(10)), T0.AddMinutes(10)).ShouldBe(AppendResult.Ok);

        store.Query(Tenant, "m", null).Single().Points().Single().Value.ShouldBe(2);
    }

    [Fact]
    public void Query_WithFilter_ReturnsMatchingSeries()
    {
        var store = Store();
        store.TryAppend(Tenant, Sample("cpu", 1, T0, ("env", "prod"), ("host", "a")), T0);
        store.TryAppend(Tenant, Sample("cpu", 1, T0, ("env", "dev"), ("host", "b")), T0);
        store.TryAppend(Tenant, Sample("mem", 1, T0, ("env", "prod")), T0);

        var series = store.Query(Tenant, "cpu", ConditionParser.ParseFilter("env = 'prod'").Value);

        series.Single().Labels["host"].ShouldBe("a");
    }

    [Theory]
    [InlineData(TimeAggregation.Avg, 2.5)]
    [InlineData(TimeAggregation.TimeAvg, 10.0 / 6)]
    [InlineData(TimeAggregation.Min, 1)]
    [InlineData(TimeAggregation.Max, 4)]
    [InlineData(TimeAggregation.Sum, 10)]
    [InlineData(TimeAggregation.Count, 4)]
    public void TryAggregate_WindowOfPoints_Aggregates(TimeAggregation aggregation, double expected)
    {
        var store = Store();
        // 0 is outside (now-60s, now]; 1..4 inside; the future point is beyond `now`.
        store.TryAppend(Tenant, Sample("m", 100, T0.AddSeconds(-60)), T0);
        for (var i = 1; i <= 4; i++) store.TryAppend(Tenant, Sample("m", i, T0.AddSeconds(-50 + (i * 10))), T0);
        store.TryAppend(Tenant, Sample("m", 1000, T0.AddSeconds(30)), T0);

        store.Query(Tenant, "m", null).Single().TryAggregate(aggregation, T0.AddSeconds(-60), T0, 6, out var value).ShouldBeTrue();

        value.ShouldBe(expected, 1e-9);
    }

    [Fact]
    public void TryAggregate_EmptyWindow_ReturnsFalse()
    {
        var store = Store();
        store.TryAppend(Tenant, Sample("m", 1, T0.AddMinutes(-5)), T0);

        store.Query(Tenant, "m", null).Single().TryAggregate(TimeAggregation.Avg, T0.AddMinutes(-1), T0, 6, out _).ShouldBeFalse();
    }

    [Fact]
    public async Task TryAppend_ConcurrentWritersAndReaders_KeepEveryPointAndCap()
    {
        var store = Store(maxSeries: 50_000, maxPoints: 1000);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
                store.TryAppend(Tenant, Sample("m", i, T0.AddMilliseconds(i), ("s", $"{i % 500}"), ("w", $"{w}")), T0.AddSeconds(30));
        })).ToArray();
        var reader = Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
                foreach (var s in store.Query(Tenant, "m", null)) s.TryAggregate(TimeAggregation.Sum, T0.AddMinutes(-1), T0.AddMinutes(1), 1, out _);
        });

        await Task.WhenAll([.. writers, reader]);

        store.SeriesCount.ShouldBe(2000);
        store.Query(Tenant, "m", null).Sum(s => s.Count).ShouldBe(80_000);
    }

    [Fact]
    public void SetRequiredRetention_Longer_AcceptsAndKeepsOlderPoints_ThenShrinkTrims()
    {
        var store = Store(retention: TimeSpan.FromMinutes(10));
        var old = T0.AddMinutes(-40);
        store.TryAppend(Tenant, Sample("m", 1, old), T0).ShouldBe(AppendResult.TooOld);

        store.SetRequiredRetention(TimeSpan.FromHours(1));
        store.Retention.ShouldBe(TimeSpan.FromHours(1));
        store.TryAppend(Tenant, Sample("m", 1, old), T0).ShouldBe(AppendResult.Ok);
        store.TryAppend(Tenant, Sample("m", 2, T0.AddMinutes(-30)), T0).ShouldBe(AppendResult.Ok);
        // A quiet series inside the long retention is not stale yet, and its old point is still aggregated.
        store.ExpireStale(T0.AddMinutes(10)).ShouldBe(0);
        store.Query(Tenant, "m", null).Single().TryAggregate(TimeAggregation.Sum, T0.AddMinutes(-50), T0.AddMinutes(10), 1, out var sum).ShouldBeTrue();
        sum.ShouldBe(3);

        store.SetRequiredRetention(TimeSpan.Zero); // the long rule went away: back to the configured floor
        store.Retention.ShouldBe(TimeSpan.FromMinutes(10));
        store.ExpireStale(T0.AddMinutes(10)).ShouldBe(1);
    }

    [Fact]
    public void SetRequiredRetention_IsCappedAtMaxRetention()
    {
        var store = new SeriesStore(new SeriesStoreOptions { Retention = TimeSpan.FromMinutes(10), MaxRetention = TimeSpan.FromHours(2) });
        store.SetRequiredRetention(TimeSpan.FromDays(3));
        store.Retention.ShouldBe(TimeSpan.FromHours(2));
        store.TryAppend(Tenant, Sample("m", 1, T0.AddHours(-3)), T0).ShouldBe(AppendResult.TooOld);
    }
}
