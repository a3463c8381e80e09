using Tocsin.Core.Metrics;

namespace Tocsin.Core.Tests.Metrics;

public sealed class SeriesSnapshotTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.Parse("11111111-2222-3333-4444-555555555555");

    [Fact]
    public void Restore_AfterSnapshot_KeepsSeriesAndPoints()
    {
        var store = new SeriesStore(new SeriesStoreOptions());
        for (var i = 0; i < 5; i++)
        {
            store.TryAppend(Tenant, new MetricSample("cpu", new Dictionary<string, string> { ["host"] = "a", ["zone"] = "eu" }, i, T0.AddSeconds(i)), T0.AddSeconds(i));
            store.TryAppend(Tenant, new MetricSample("mem", MetricSample.NoLabels, i * 2, T0.AddSeconds(i)), T0.AddSeconds(i));
        }
        using var stream = new MemoryStream();
        store.Snapshot(stream);
        stream.Position = 0;

        var restored = new SeriesStore(new SeriesStoreOptions());
        restored.Restore(stream, T0.AddMinutes(1)).ShouldBe(10);

        restored.SeriesCount.ShouldBe(2);
        var cpu = restored.Query(Tenant, "cpu", null).Single();
        cpu.Labels["zone"].ShouldBe("eu");
        cpu.Points().ShouldBe(store.Query(Tenant, "cpu", null).Single().Points());
    }

    [Fact]
    public void Restore_PointsBeyondRetention_AreDropped()
    {
        var store = new SeriesStore(new SeriesStoreOptions());
        store.TryAppend(Tenant, new MetricSample("cpu", MetricSample.NoLabels, 1, T0), T0);
        using var stream = new MemoryStream();
        store.Snapshot(stream);
        stream.Position = 0;

        new SeriesStore(new SeriesStoreOptions()).Restore(stream, T0.AddHours(2)).ShouldBe(0);
    }

    [Fact]
    public void Restore_Garbage_ThrowsInvalidData()
    {
        Should.Throw<InvalidDataException>(() => new SeriesStore(new SeriesStoreOptions()).Restore(new MemoryStream([1, 2, 3, 4, 5]), T0));
    }
}
