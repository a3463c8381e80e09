using Tocsin.Core.Common;

namespace Tocsin.Core.OnCall;

/// <summary>Schedules and overrides: validation (the pure <see cref="ScheduleValidator"/>) plus checks that named users exist.</summary>
public sealed class ScheduleService(IScheduleStore schedules, IUserStore users, TimeProvider time)
{
    public Task<Schedule?> GetAsync(Guid tenantId, long id, CancellationToken ct) => schedules.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<Schedule>> ListAsync(Guid tenantId, CancellationToken ct) => schedules.ListAsync(tenantId, ct);

    public async Task<Result<Schedule>> SaveAsync(Guid tenantId, Schedule schedule, CancellationToken ct)
    {
        var existing = schedule.Id == 0 ? null : await schedules.GetAsync(tenantId, schedule.Id, ct);
        if (schedule.Id != 0 && existing is null) return CoreError.NotFound("schedule");
        if (ScheduleValidator.Validate(schedule with { Overrides = [] }) is [var first, ..]) return CoreError.Validation(first.Field, first.Message);
        var known = (await users.ListAsync(tenantId, ct)).Select(u => u.Id).ToHashSet();
        for (var l = 0; l < schedule.Layers.Count; l++)
            for (var u = 0; u < schedule.Layers[l].Users.Count; u++)
                if (!known.Contains(schedule.Layers[l].Users[u]))
                    return CoreError.Validation($"layers[{l}].users[{u}]", $"user {schedule.Layers[l].Users[u]} does not exist");
        var now = time.GetUtcNow();
        if (existing is null) return schedule with { Id = await schedules.InsertAsync(tenantId, schedule, now, ct) };
        await schedules.UpdateAsync(tenantId, schedule, now, ct);
        return schedule with { Overrides = existing.Overrides };
    }

    public async Task<Result<bool>> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        if (await schedules.GetAsync(tenantId, id, ct) is null) return CoreError.NotFound("schedule");
        var usages = await schedules.UsagesAsync(tenantId, id, ct);
        if (usages.Count > 0) return CoreError.Conflict("schedule is still used by " + DirectoryService.Describe(usages), "id");
        return await schedules.DeleteAsync(tenantId, id, ct);
    }

    public async Task<Result<ScheduleOverride>> AddOverrideAsync(Guid tenantId, long scheduleId, ScheduleOverride o, CancellationToken ct)
    {
        var schedule = await schedules.GetAsync(tenantId, scheduleId, ct);
        if (schedule is null) return CoreError.NotFound("schedule");
        if (o.Until <= o.From) return CoreError.Validation("until", "must be after from");
        if (await users.GetAsync(tenantId, o.UserId, ct) is null) return CoreError.Validation("userId", $"user {o.UserId} does not exist");
        foreach (var other in schedule.Overrides)
            if (o.From < other.Until && other.From < o.Until)
                return CoreError.Validation("from", $"overlaps override {other.Id} ({other.From:O} – {other.Until:O})");
        return o with { Id = await schedules.AddOverrideAsync(tenantId, scheduleId, o, time.GetUtcNow(), ct) };
    }

    public async Task<Result<bool>> DeleteOverrideAsync(Guid tenantId, long scheduleId, long overrideId, CancellationToken ct) =>
        await schedules.DeleteOverrideAsync(tenantId, scheduleId, overrideId, ct) ? true : CoreError.NotFound("override");

    /// <summary>Every shift of one user across the tenant's schedules in [from, until), for the per-user calendar.</summary>
    public async Task<IReadOnlyList<ScheduleShift>> UserShiftsAsync(Guid tenantId, long userId, DateTimeOffset from, DateTimeOffset until, CancellationToken ct)
    {
        var result = new List<ScheduleShift>();
        foreach (var s in await schedules.ListAsync(tenantId, ct))
            foreach (var shift in ScheduleCalculator.FinalShifts(s, from, until))
                if (shift.UserId == userId) result.Add(new ScheduleShift(s.Id, s.Name, shift));
        return result.OrderBy(x => x.Shift.Start).ToList();
    }
}
