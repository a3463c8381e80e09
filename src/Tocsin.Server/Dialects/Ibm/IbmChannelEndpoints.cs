using System.Globalization;
using Tocsin.Core.Common;
using Tocsin.Core.Notifications;
using Tocsin.Server.Api;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>
/// Sysdig/IBM notification channels under <c>/compat/ibm/api/notificationChannels</c> (reference §6, #7). They are Tocsin's
/// native channels (same ids, same delivery path), so an alert's <c>notificationChannelIds</c> name them directly.
/// Auth, team header and error bodies are the alert endpoints' (<see cref="IbmAuth"/>, <see cref="IbmErrors"/>).
/// </summary>
internal static class IbmChannelEndpoints
{
    private const string Subject = "Notification channel";

    public static RouteGroupBuilder MapIbmChannels(this RouteGroupBuilder group)
    {
        group.MapGet("/api/notificationChannels", ListAsync).RequireAuthorization(IbmAuth.Read);
        group.MapGet("/api/notificationChannels/{id}", GetAsync).RequireAuthorization(IbmAuth.Read);
        group.MapPost("/api/notificationChannels", CreateAsync).RequireAuthorization(IbmAuth.Write);
        group.MapPut("/api/notificationChannels/{id}", UpdateAsync).RequireAuthorization(IbmAuth.Write);
        group.MapDelete("/api/notificationChannels/{id}", DeleteAsync).RequireAuthorization(IbmAuth.Write);
        return group;
    }

    /// <summary>IBM's doc adds <c>?from=&amp;to=</c> to the list; a channel has no period, so they are accepted and ignored.</summary>
    private static async Task<IResult> ListAsync(HttpContext c, INotificationSettingsStore store, CancellationToken ct)
    {
        var team = IbmAuth.TeamScope(c.Request);
        if (!team.IsOk) return IbmErrors.From(team.Error!, Subject);
        var channels = (await store.ChannelsAsync(c.Caller().TenantId, ct)).Where(x => Visible(x, team.Value)).Select(IbmChannelMapping.ToDto).ToList();
        return TypedResults.Json(new IbmChannelList(channels), IbmChannelJson.Default.IbmChannelList);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext c, INotificationSettingsStore store, CancellationToken ct)
    {
        var found = await FindAsync(id, c, store, ct);
        return found.IsOk ? Ok(found.Value!) : IbmErrors.From(found.Error!, Subject);
    }

    /// <summary>200, not 201: the reference says Sysdig clients accept both, and the alert create answers 200.</summary>
    private static async Task<IResult> CreateAsync(HttpContext c, INotificationSettingsStore store, NotificationSettingsService service, CancellationToken ct)
    {
        var team = IbmAuth.TeamScope(c.Request);
        if (!team.IsOk) return IbmErrors.From(team.Error!, Subject);
        var body = await ReadAsync(c, ct);
        if (!body.IsOk) return IbmErrors.From(body.Error!, Subject);
        var channel = IbmChannelMapping.ToChannel(body.Value!, 0, team.Value);
        if (!channel.IsOk) return IbmErrors.From(channel.Error!, Subject);
        return await SaveAsync(channel.Value!, c, store, service, ct);
    }

    /// <summary>Full replacement at the current <c>version</c> (stale → 409), as for alerts.</summary>
    private static async Task<IResult> UpdateAsync(string id, HttpContext c, INotificationSettingsStore store, NotificationSettingsService service, CancellationToken ct)
    {
        var existing = await FindAsync(id, c, store, ct);
        if (!existing.IsOk) return IbmErrors.From(existing.Error!, Subject);
        var body = await ReadAsync(c, ct);
        if (!body.IsOk) return IbmErrors.From(body.Error!, Subject);
        if (body.Value!.Version is not { } version) return IbmErrors.From(CoreError.Validation("version", "is required: send the version the channel was read at"), Subject);
        var channel = IbmChannelMapping.ToChannel(body.Value!, existing.Value!.Id, IbmAuth.TeamScope(c.Request).Value);
        if (!channel.IsOk) return IbmErrors.From(channel.Error!, Subject);
        // Version 0 would mean "unconditional" to the store; no IBM client reads a channel at version 0.
        return await SaveAsync(channel.Value! with { Version = version <= 0 ? -1 : version }, c, store, service, ct);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext c, INotificationSettingsStore store, CancellationToken ct)
    {
        var existing = await FindAsync(id, c, store, ct);
        if (!existing.IsOk) return IbmErrors.From(existing.Error!, Subject);
        return await store.DeleteChannelAsync(c.Caller().TenantId, existing.Value!.Id, ct) ? TypedResults.NoContent() : IbmErrors.NotFound(Subject);
    }

    private static async Task<IResult> SaveAsync(NotificationChannel channel, HttpContext c, INotificationSettingsStore store, NotificationSettingsService service, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        // Sysdig names are unique (reference §6); native channels do not require it, so it is checked here. 422 as for alerts.
        if ((await store.ChannelsAsync(tenant, ct)).FirstOrDefault(x => x.Id != channel.Id && string.Equals(x.Name, channel.Name, StringComparison.Ordinal)) is { } clash)
            return IbmErrors.From(CoreError.Conflict($"channel {clash.Id} is called '{clash.Name}'", "name"), Subject);
        var saved = await service.SaveChannelAsync(tenant, channel, ct);
        if (saved.IsOk) return Ok(saved.Value!);
        var e = saved.Error!;
        return IbmErrors.From(e.Kind == ErrorKind.Validation ? CoreError.Validation(IbmChannelMapping.FieldName(channel.Kind, e.Field), e.Message) : e, Subject);
    }

    private static async Task<Result<NotificationChannel>> FindAsync(string id, HttpContext c, INotificationSettingsStore store, CancellationToken ct)
    {
        var team = IbmAuth.TeamScope(c.Request);
        if (!team.IsOk) return team.Error!;
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var channelId)) return CoreError.NotFound("channel");
        var channel = await store.ChannelAsync(c.Caller().TenantId, channelId, ct);
        return channel is not null && Visible(channel, team.Value) ? channel : CoreError.NotFound("channel");
    }

    /// <summary>With a team header: that team's channels and the ones shared with every team (no team).</summary>
    private static bool Visible(NotificationChannel channel, long? team) => team is null || channel.TeamId is null || channel.TeamId == team;

    private static async Task<Result<IbmChannelRequest>> ReadAsync(HttpContext c, CancellationToken ct)
    {
        var envelope = await ApiBody.ReadJsonAsync(c.Request, IbmChannelJson.Default.IbmChannelEnvelope, ct);
        if (!envelope.IsOk) return envelope.Error!;
        return envelope.Value!.NotificationChannel is { } channel ? channel : CoreError.Validation("notificationChannel", "is required: send {\"notificationChannel\": {...}}");
    }

    private static IResult Ok(NotificationChannel channel) =>
        TypedResults.Json(new IbmChannelResponse(IbmChannelMapping.ToDto(channel)), IbmChannelJson.Default.IbmChannelResponse);
}
