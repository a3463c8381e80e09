using Tocsin.Core.Notifications;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Notifications;

/// <summary>/api/v1/channels: shared notification channels referenced by sources and rules (<c>notificationChannelIds</c>).</summary>
internal static class ChannelEndpoints
{
    public static RouteGroupBuilder MapNotificationChannels(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/channels").WithTags("Notification channels").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/channels").WithTags("Notification channels").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).Produces<Page<ChannelDto>>().WithSummary("List notification channels");
        read.MapGet("/{id:long}", GetAsync).Produces<ChannelDto>().WithSummary("Get a notification channel");
        write.MapPost("/", CreateAsync).Accepts<ChannelRequest>("application/json").Produces<ChannelDto>(201)
            .WithSummary("Create a channel; targets are validated now (URLs, addresses, refused networks) → 400 naming targets[i]");
        write.MapPut("/{id:long}", UpdateAsync).Accepts<ChannelRequest>("application/json").Produces<ChannelDto>().WithSummary("Replace a channel");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete a channel");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        TypedResults.Ok(new Page<ChannelDto>((await s.ChannelsAsync(c.Caller().TenantId, ct)).Select(NotificationMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        ApiResults.Found(await s.ChannelAsync(c.Caller().TenantId, id, ct), NotificationMapping.ToDto, "channel");

    private static Task<IResult> CreateAsync(HttpContext c, NotificationSettingsService s, CancellationToken ct) => SaveAsync(0, c, s, ct);

    private static Task<IResult> UpdateAsync(long id, HttpContext c, NotificationSettingsService s, CancellationToken ct) => SaveAsync(id, c, s, ct);

    private static async Task<IResult> SaveAsync(long id, HttpContext c, NotificationSettingsService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, NotificationJson.Default.ChannelRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var channel = NotificationMapping.ToChannel(body.Value!, id);
        if (!channel.IsOk) return ApiProblems.From(channel.Error!);
        var saved = await s.SaveChannelAsync(c.Caller().TenantId, channel.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, NotificationMapping.ToDto, x => $"/api/v1/channels/{x.Id}") : ApiResults.Ok(saved, NotificationMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        await s.DeleteChannelAsync(c.Caller().TenantId, id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("channel");
}
