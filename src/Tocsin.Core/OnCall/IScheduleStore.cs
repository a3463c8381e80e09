namespace Tocsin.Core.OnCall;

/// <summary>Schedules with their overrides. <see cref="GetAsync"/> returns the schedule with every override attached.</summary>
public interface IScheduleStore
{
    Task<Schedule?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<Schedule>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, Schedule schedule, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, Schedule schedule, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<UserUsage>> UsagesAsync(Guid tenantId, long id, CancellationToken ct);
    Task<long> AddOverrideAsync(Guid tenantId, long scheduleId, ScheduleOverride o, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteOverrideAsync(Guid tenantId, long scheduleId, long overrideId, CancellationToken ct);
}
