using Tocsin.Core.OnCall;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.OnCall;

internal static class ScheduleEndpoints
{
    /// <summary>Longest range /shifts answers in one call; keeps a request's work bounded.</summary>
    public static readonly TimeSpan MaxShiftRange = TimeSpan.FromDays(366);

    public static RouteGroupBuilder MapSchedules(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/schedules").WithTags("Schedules").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/schedules").WithTags("Schedules").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).WithSummary("List schedules");
        read.MapGet("/{id:long}", GetAsync).WithSummary("Get a schedule with its overrides");
        read.MapGet("/{id:long}/on-call", OnCallAsync).WithSummary("Who is on call at ?at= (default now)");
        read.MapGet("/{id:long}/shifts", ShiftsAsync).WithSummary("Final shifts in [?from=, ?until=); with ?layer=N (0-based) that layer's own shifts before layering");
        read.MapGet("/{id:long}/overrides", OverridesAsync).WithSummary("List overrides");
        read.MapGet("/{id:long}/calendar.ics", CalendarAsync).Produces(200, contentType: "text/calendar").WithSummary("iCalendar feed of the schedule");
        write.MapPost("/", CreateAsync).Accepts<ScheduleRequest>("application/json").WithSummary("Create a schedule");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<ScheduleRequest>("application/json").WithSummary("Replace a schedule's layers (overrides are kept)");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a schedule; 409 when a policy or team still uses it");
        write.MapPost("/{id:long}/overrides", AddOverrideAsync).Accepts<OverrideRequest>("application/json").WithSummary("User X covers from–until");
        write.MapDelete("/{id:long}/overrides/{overrideId:long}", DeleteOverrideAsync).WithSummary("Remove an override");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, ScheduleService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<ScheduleDto>((await s.ListAsync(c.Caller().TenantId, ct)).Select(OnCallMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, ScheduleService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetAsync(c.Caller().TenantId, id, ct), OnCallMapping.ToDto, "schedule");

    private static Task<IResult> CreateAsync(HttpContext c, ScheduleService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, ScheduleService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, ScheduleService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.ScheduleRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var schedule = OnCallMapping.ToSchedule(body.Value!, id);
        if (!schedule.IsOk) return ApiProblems.From(schedule.Error!);
        var saved = await s.SaveAsync(c.Caller().TenantId, schedule.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, OnCallMapping.ToDto, x => $"/api/v1/schedules/{x.Id}") : ApiResults.Ok(saved, OnCallMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, ScheduleService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteAsync(c.Caller().TenantId, id, ct));

    private static async Task<IResult> OnCallAsync(long id, HttpContext c, ScheduleService s, DirectoryService d, TimeProvider time, CancellationToken ct)
    {
        var at = OnCallMapping.Instant(c.Request, "at", time.GetUtcNow());
        if (!at.IsOk) return ApiProblems.From(at.Error!);
        var tenant = c.Caller().TenantId;
        if (await s.GetAsync(tenant, id, ct) is not { } schedule) return ApiProblems.NotFound("schedule");
        var answer = ScheduleCalculator.OnCallAt(schedule, at.Value);
        var name = answer.UserId is { } u ? (await d.GetUserAsync(tenant, u, ct))?.Name : null;
        return TypedResults.Ok(new OnCallDto(at.Value, answer.UserId, name, answer.Source.ToString().ToLowerInvariant(),
            answer.Source == OnCallSource.Layer ? answer.LayerIndex : null, answer.OverrideId));
    }

    private static async Task<IResult> ShiftsAsync(long id, HttpContext c, ScheduleService s, DirectoryService d, CancellationToken ct)
    {
        var from = OnCallMapping.Instant(c.Request, "from", null);
        if (!from.IsOk) return ApiProblems.From(from.Error!);
        var until = OnCallMapping.Instant(c.Request, "until", null);
        if (!until.IsOk) return ApiProblems.From(until.Error!);
        if (until.Value <= from.Value) return ApiProblems.Validation("until", "must be after from");
        if (until.Value - from.Value > MaxShiftRange) return ApiProblems.Validation("until", "the range must be at most 366 days");
        // The layer's own rotation (the console's per-layer rows), read as text so "abc" names the parameter.
        var layerText = c.Request.Query["layer"].ToString();
        int? layer = null;
        if (layerText.Length > 0)
        {
            if (!int.TryParse(layerText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
                return ApiProblems.Validation("layer", "must be a layer index (0-based)");
            layer = n;
        }
        var tenant = c.Caller().TenantId;
        if (await s.GetAsync(tenant, id, ct) is not { } schedule) return ApiProblems.NotFound("schedule");
        if (layer >= schedule.Layers.Count) return ApiProblems.Validation("layer", $"this schedule has {schedule.Layers.Count} layers (0-based index)");
        var names = (await d.ListUsersAsync(tenant, ct)).ToDictionary(u => u.Id, u => u.Name);
        var shifts = layer is { } index ? ScheduleCalculator.LayerShifts(schedule, index, from.Value, until.Value) : ScheduleCalculator.FinalShifts(schedule, from.Value, until.Value);
        return TypedResults.Ok(new Page<ShiftDto>(shifts.Select(x => new ShiftDto(x.UserId, names.GetValueOrDefault(x.UserId), x.Start, x.End)).ToList(), null));
    }

    private static async Task<IResult> OverridesAsync(long id, HttpContext c, ScheduleService s, CancellationToken ct) =>
        await s.GetAsync(c.Caller().TenantId, id, ct) is { } schedule
            ? TypedResults.Ok(new Page<OverrideDto>(schedule.Overrides.Select(OnCallMapping.ToDto).ToList(), null))
            : ApiProblems.NotFound("schedule");

    private static async Task<IResult> AddOverrideAsync(long id, HttpContext c, ScheduleService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.OverrideRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var o = OnCallMapping.ToOverride(body.Value!);
        if (!o.IsOk) return ApiProblems.From(o.Error!);
        var saved = await s.AddOverrideAsync(c.Caller().TenantId, id, o.Value!, ct);
        return ApiResults.Created(saved, OnCallMapping.ToDto, x => $"/api/v1/schedules/{id}/overrides/{x.Id}");
    }

    private static async Task<IResult> DeleteOverrideAsync(long id, long overrideId, HttpContext c, ScheduleService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteOverrideAsync(c.Caller().TenantId, id, overrideId, ct));

    private static async Task<IResult> CalendarAsync(long id, HttpContext c, ScheduleService s, DirectoryService d, TimeProvider time, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        if (await s.GetAsync(tenant, id, ct) is not { } schedule) return ApiProblems.NotFound("schedule");
        var now = time.GetUtcNow();
        var names = (await d.ListUsersAsync(tenant, ct)).ToDictionary(u => u.Id, u => u.Name);
        var text = new StringWriter();
        new CalendarWriter().WriteScheduleFeed(text, schedule, ScheduleCalculator.FinalShifts(schedule, now - CalendarFeeds.Past, now + CalendarFeeds.Ahead),
            u => names.GetValueOrDefault(u) ?? $"user {u}", now);
        return TypedResults.Text(text.ToString(), CalendarWriter.ContentType);
    }
}
