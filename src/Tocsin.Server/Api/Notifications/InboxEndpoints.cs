using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Tocsin.Core.Notifications;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Auth;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Api.Notifications;

/// <summary>/api/v1/inbox: the in-app notifications of the user the calling API key is bound to.</summary>
internal static class InboxEndpoints
{
    public const int MaxPageSize = 200;
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapInbox(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/inbox").WithTags("Inbox").RequireAuthorization(Permission.AlertsRead)
            .WithDescription("The key must be bound to a user (create it with userId); other keys get 403.");
        inbox.MapGet("/", ListAsync).Produces<Page<InboxItemDto>>().WithSummary("List inbox items, newest first (cursor: the last id seen; unread=true filters)");
        inbox.MapGet("/unread-count", UnreadAsync).Produces<UnreadCountDto>().WithSummary("Number of unread items");
        inbox.MapPost("/{id:long}/read", ReadAsync).Produces<InboxItemDto>().WithSummary("Mark an item read (idempotent)");
        inbox.MapGet("/stream", StreamAsync).Produces<InboxItemDto>(200, "text/event-stream")
            .WithSummary("New inbox items as Server-Sent Events: `ready`, then `item` per new item; `resync` after this client fell behind");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, IInboxStore inbox, string? cursor, int? limit, bool? unread, CancellationToken ct)
    {
        if (UserOf(c) is not { } user) return NotBound();
        if (limit is < 1 or > MaxPageSize) return ApiProblems.Validation("limit", $"must be between 1 and {MaxPageSize}");
        if (cursor is not null && !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _)) return ApiProblems.Validation("cursor", "is not a cursor from this API");
        var size = limit ?? 50;
        var items = await inbox.ListAsync(c.Caller().TenantId, user, cursor is null ? null : long.Parse(cursor, CultureInfo.InvariantCulture), size, unread ?? false, ct);
        return TypedResults.Ok(new Page<InboxItemDto>(items.Select(NotificationMapping.ToDto).ToList(), items.Count == size ? NotificationMapping.Id(items[^1].Id) : null));
    }

    private static async Task<IResult> UnreadAsync(HttpContext c, IInboxStore inbox, CancellationToken ct) =>
        UserOf(c) is { } user ? TypedResults.Ok(new UnreadCountDto(await inbox.UnreadCountAsync(c.Caller().TenantId, user, ct))) : NotBound();

    private static async Task<IResult> ReadAsync(long id, HttpContext c, IInboxStore inbox, TimeProvider time, CancellationToken ct)
    {
        if (UserOf(c) is not { } user) return NotBound();
        var item = await inbox.MarkReadAsync(c.Caller().TenantId, user, id, time.GetUtcNow(), ct);
        return item is null ? ApiProblems.NotFound("inbox item") : TypedResults.Ok(NotificationMapping.ToDto(item));
    }

    private static long? UserOf(HttpContext c) => c.Caller().UserId;

    private static IResult NotBound() => ApiProblems.Problem(StatusCodes.Status403Forbidden, "Forbidden",
        "this API key is not bound to a user, so it has no inbox; create a key with a userId", "Authorization");

    private static async Task StreamAsync(HttpContext c, InboxHub hub, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        if (UserOf(c) is not { } user) { await NotBound().ExecuteAsync(c); return; }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        using var sub = hub.Subscribe(c.Caller().TenantId, user);
        if (sub is null) { await ApiProblems.Problem(503, "Too many streams", "the server holds too many live streams; retry later", null).ExecuteAsync(c); return; }
        c.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        c.Response.ContentType = "text/event-stream; charset=utf-8";
        c.Response.Headers.CacheControl = "no-cache, no-store";
        c.Response.Headers["X-Accel-Buffering"] = "no";
        using var heartbeat = new PeriodicTimer(HeartbeatInterval, time);
        try
        {
            await WriteAsync(c, "retry: 3000\nevent: ready\ndata: {}\n\n", ct);
            var tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
            var read = sub.Reader.WaitToReadAsync(ct).AsTask();
            while (true)
            {
                if (await Task.WhenAny(tick, read) == tick)
                {
                    if (!await tick) break;
                    await WriteAsync(c, ": heartbeat\n\n", ct);
                    tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
                    continue;
                }
                if (!await read) break;
                var text = new System.Text.StringBuilder();
                while (sub.Reader.TryRead(out var item))
                    text.Append("event: item\ndata: ").Append(JsonSerializer.Serialize(NotificationMapping.ToDto(item), NotificationJson.Default.InboxItemDto)).Append("\n\n");
                if (sub.TakeOverflow()) text.Clear().Append("event: resync\ndata: {}\n\n");
                await WriteAsync(c, text.ToString(), ct);
                read = sub.Reader.WaitToReadAsync(ct).AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private static async Task WriteAsync(HttpContext c, string text, CancellationToken ct)
    {
        await c.Response.WriteAsync(text, ct);
        await c.Response.Body.FlushAsync(ct);
    }
}
