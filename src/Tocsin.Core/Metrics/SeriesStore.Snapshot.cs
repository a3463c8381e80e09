using System.Text;

namespace Tocsin.Core.Metrics;

/// <summary>
/// Binary snapshot of every series, so a restart keeps recent windows (issue #5 §2). Layout, little-endian:
/// "TSNP", version, then per series: tenant GUID, name, label count, (name, value) pairs, point count,
/// (ticks, value) pairs; a series count of -1 ends the stream.
/// </summary>
public sealed partial class SeriesStore
{
    private const uint SnapshotMagic = 0x504E5354; // "TSNP"
    private const int SnapshotVersion = 1;

    public void Snapshot(Stream stream)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(SnapshotMagic);
        writer.Write(SnapshotVersion);
        foreach (var series in _series.Values)
        {
            var points = series.Points();
            if (points.Count == 0) continue;
            writer.Write(1);
            writer.Write(series.TenantId.ToByteArray());
            writer.Write(series.Name);
            writer.Write(series.Labels.Count);
            foreach (var (key, value) in series.Labels)
            {
                writer.Write(key);
                writer.Write(value);
            }
            writer.Write(points.Count);
            foreach (var (timestamp, value) in points)
            {
                writer.Write(timestamp.UtcTicks);
                writer.Write(value);
            }
        }
        writer.Write(-1);
    }

    /// <summary>
    /// Appends a snapshot's points through the normal path, so retention, caps and validation still
    /// apply; returns how many points were stored. A stream that is not a snapshot throws <see cref="InvalidDataException"/>.
    /// </summary>
    public int Restore(Stream stream, DateTimeOffset now)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadUInt32() != SnapshotMagic) throw new InvalidDataException("not a Tocsin series snapshot");
            var version = reader.ReadInt32();
            if (version != SnapshotVersion) throw new InvalidDataException($"unsupported snapshot version {version}");
            var restored = 0;
            while (reader.ReadInt32() == 1)
            {
                var tenant = new Guid(reader.ReadBytes(16));
                var name = reader.ReadString();
                var labelCount = reader.ReadInt32();
                if (labelCount is < 0 or > MetricSample.MaxLabels) throw new InvalidDataException("bad label count");
                var labels = new Dictionary<string, string>(labelCount, StringComparer.Ordinal);
                for (var i = 0; i < labelCount; i++) labels[reader.ReadString()] = reader.ReadString();
                var pointCount = reader.ReadInt32();
                if (pointCount < 0) throw new InvalidDataException("bad point count");
                for (var i = 0; i < pointCount; i++)
                {
                    var ticks = reader.ReadInt64();
                    var value = reader.ReadDouble();
                    if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks) throw new InvalidDataException("bad timestamp");
                    var sample = new MetricSample(name, labels, value, new DateTimeOffset(ticks, TimeSpan.Zero));
                    if (TryAppend(tenant, sample, now) == AppendResult.Ok) restored++;
                }
            }
            return restored;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("snapshot is truncated", e);
        }
    }
}
