using Tocsin.Core.Metrics;
using Tocsin.Core.Rules;
using Tocsin.Storage;

namespace Tocsin.Server.Workers;

/// <summary>
/// Keeps recent metric windows across a restart (#5 §2): restores the snapshot in the data directory on start and
/// writes it on a clean shutdown. A missing or unreadable snapshot only costs history, never the start.
/// </summary>
internal sealed class SeriesSnapshotService(SeriesStore series, RuleService rules, StorageOptions storage, TimeProvider time, ILogger<SeriesSnapshotService> log) : IHostedService
{
    public const string FileName = "series.snapshot";

    private string SnapshotPath => Path.Combine(Path.GetFullPath(storage.DataDir), FileName);

    public async Task StartAsync(CancellationToken ct)
    {
        // Retention first: restored points older than the default retention but inside a long rule window must be kept.
        await rules.RefreshRetentionAsync(ct);
        var path = SnapshotPath;
        if (!File.Exists(path)) return;
        try
        {
            using var stream = File.OpenRead(path);
            RuleLogMessages.SnapshotRestored(log, series.Restore(stream, time.GetUtcNow()), path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            RuleLogMessages.SnapshotUnreadable(log, path, e.Message);
        }
    }

    public Task StopAsync(CancellationToken ct)
    {
        var path = SnapshotPath;
        var temp = path + ".tmp";
        // Write aside and rename, so a crash mid-write leaves the previous snapshot intact. On PostgreSQL nothing else
        // has created the data folder.
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(temp)) series.Snapshot(stream);
        File.Move(temp, path, overwrite: true);
        RuleLogMessages.SnapshotWritten(log, path, series.SeriesCount);
        return Task.CompletedTask;
    }
}
