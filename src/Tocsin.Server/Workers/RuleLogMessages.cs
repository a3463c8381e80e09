namespace Tocsin.Server.Workers;

internal static partial class RuleLogMessages
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "{Worker} cycle failed")]
    public static partial void WorkerCycleFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Stored rule {RuleId} of tenant {TenantId} no longer validates: {Errors}")]
    public static partial void RuleInvalid(ILogger logger, long ruleId, Guid tenantId, string errors);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Error, Message = "Rule alerts for tenant {TenantId} were refused ({Error}); their states are kept for the next tick")]
    public static partial void IngestRefused(ILogger logger, Guid tenantId, string error);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Restored {Points} metric points from {Path}")]
    public static partial void SnapshotRestored(ILogger logger, int points, string path);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Ignoring the metrics snapshot {Path}: {Reason}")]
    public static partial void SnapshotUnreadable(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Wrote the metrics snapshot {Path} ({Series} series)")]
    public static partial void SnapshotWritten(ILogger logger, string path, int series);
}
