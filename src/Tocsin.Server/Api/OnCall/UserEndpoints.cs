using Tocsin.Core.OnCall;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.OnCall;

/// <summary>/api/v1/users: reads need alerts:read, writes alerts:write (admin satisfies both), like every on-call resource.</summary>
internal static class UserEndpoints
{
    public static RouteGroupBuilder MapUsers(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).WithSummary("List users");
        read.MapGet("/{id:long}", GetAsync).WithSummary("Get a user");
        read.MapGet("/{id:long}/calendar.ics", CalendarAsync).Produces(200, contentType: "text/calendar").WithSummary("The user's shifts across schedules as iCalendar");
        write.MapPost("/", CreateAsync).Accepts<UserRequest>("application/json").WithSummary("Create a user");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<UserRequest>("application/json").WithSummary("Replace a user");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a user; 409 lists rotations, teams and policies still using them");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, DirectoryService s, CancellationToken ct) =>
        TypedResults.Ok(new Page<UserDto>((await s.ListUsersAsync(c.Caller().TenantId, ct)).Select(OnCallMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct) =>
        ApiResults.Found(await s.GetUserAsync(c.Caller().TenantId, id, ct), OnCallMapping.ToDto, "user");

    private static Task<IResult> CreateAsync(HttpContext c, DirectoryService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, OnCallJson.Default.UserRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var user = OnCallMapping.ToUser(body.Value!, id);
        if (!user.IsOk) return ApiProblems.From(user.Error!);
        var saved = await s.SaveUserAsync(c.Caller().TenantId, user.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, OnCallMapping.ToDto, u => $"/api/v1/users/{u.Id}") : ApiResults.Ok(saved, OnCallMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, DirectoryService s, CancellationToken ct) =>
        ApiResults.NoContent(await s.DeleteUserAsync(c.Caller().TenantId, id, ct));

    private static async Task<IResult> CalendarAsync(long id, HttpContext c, DirectoryService directory, ScheduleService schedules, TimeProvider time, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        if (await directory.GetUserAsync(tenant, id, ct) is not { } user) return ApiProblems.NotFound("user");
        var now = time.GetUtcNow();
        var shifts = await schedules.UserShiftsAsync(tenant, id, now - CalendarFeeds.Past, now + CalendarFeeds.Ahead, ct);
        var text = new StringWriter();
        new CalendarWriter().WriteUserFeed(text, user.Id, user.Name, shifts, now);
        return TypedResults.Text(text.ToString(), CalendarWriter.ContentType);
    }
}

/// <summary>How far calendar feeds reach: a week back so just-finished shifts stay visible, three months ahead.</summary>
internal static class CalendarFeeds
{
    public static readonly TimeSpan Past = TimeSpan.FromDays(7);
    public static readonly TimeSpan Ahead = TimeSpan.FromDays(90);
}
