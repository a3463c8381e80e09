using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Alerts;

/// <summary><c>GET /api/v1/alerts/stream</c>: Server-Sent Events for every committed alert change of the caller's tenant.</summary>
internal static class AlertStreamEndpoints
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static IServiceCollection AddAlertStream(this IServiceCollection services)
    {
        services.AddSingleton<AlertStreamHub>();
        services.AddSingleton<Tocsin.Core.Alerts.IAlertCommitListener>(sp => sp.GetRequiredService<AlertStreamHub>());
        return services;
    }

    public static RouteGroupBuilder MapAlertStream(this RouteGroupBuilder api)
    {
        api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsRead)
            .MapGet("/stream", StreamAsync)
            .Produces<AlertStreamEvent>(StatusCodes.Status200OK, "text/event-stream")
            .WithSummary("Live alert changes (Server-Sent Events)")
            .WithDescription(
                "text/event-stream of the caller's tenant. Events: `ready` once subscribed; `alert` per committed change, data " +
                "{alertId, number, status, title, priority, type (timeline type), at}; `resync` when this client fell behind and " +
                "events were dropped (refetch the list); `unauthorized` when the key was revoked (the stream then ends). " +
                "A comment line (`: heartbeat`) every 15 seconds keeps proxies from closing an idle stream.");
        return api;
    }

    private static async Task StreamAsync(HttpContext c, AlertStreamHub hub, ApiKeyCache keys, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        // Ends on shutdown too: an endless response would otherwise hold the host's graceful stop for its full timeout.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        using var sub = hub.Subscribe(c.Caller().TenantId);
        if (sub is null)
        {
            await ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "Too many streams", "the server holds too many live streams; retry later", null).ExecuteAsync(c);
            return;
        }
        c.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        c.Response.ContentType = "text/event-stream; charset=utf-8";
        c.Response.Headers.CacheControl = "no-cache, no-store";
        c.Response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise buffer the stream
        var buffer = new ArrayBufferWriter<byte>(1024);
        var presented = ApiKeyAuthenticationHandler.PresentedToken(c.Request);

        using var heartbeat = new PeriodicTimer(HeartbeatInterval, time);
        try
        {
            // Subscribed before "ready" is sent, so a client that waits for it misses nothing committed afterwards.
            await WriteAsync(c, "retry: 3000\nevent: ready\ndata: {}\n\n"u8.ToArray(), ct);
            var tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
            var read = sub.Reader.WaitToReadAsync(ct).AsTask();
            while (true)
            {
                var done = await Task.WhenAny(tick, read);
                if (done == tick)
                {
                    if (!await tick) break;
                    if (presented is null || await keys.ResolveAsync(presented, ct) is null)
                    {
                        await WriteAsync(c, "event: unauthorized\ndata: {}\n\n"u8.ToArray(), ct);
                        break;
                    }
                    await WriteAsync(c, ": heartbeat\n\n"u8.ToArray(), ct);
                    tick = heartbeat.WaitForNextTickAsync(ct).AsTask();
                    continue;
                }
                if (!await read) break;
                buffer.ResetWrittenCount();
                while (sub.Reader.TryRead(out var e)) Format(buffer, e);
                if (sub.TakeOverflow()) { buffer.ResetWrittenCount(); buffer.Write("event: resync\ndata: {}\n\n"u8); }
                await WriteAsync(c, buffer.WrittenMemory, ct);
                read = sub.Reader.WaitToReadAsync(ct).AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { } // the client went away
    }

    private static async Task WriteAsync(HttpContext c, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await c.Response.Body.WriteAsync(bytes, ct);
        await c.Response.Body.FlushAsync(ct);
    }

    internal static void Format(IBufferWriter<byte> buffer, AlertStreamEvent e)
    {
        buffer.Write("event: alert\ndata: "u8);
        using (var json = new Utf8JsonWriter(buffer)) // escapes newlines in titles, so one data line is always one line
        {
            json.WriteStartObject();
            json.WriteNumber("alertId", e.AlertId);
            json.WriteNumber("number", e.Number);
            json.WriteString("status", e.Status);
            json.WriteString("title", e.Title);
            json.WriteString("priority", e.Priority);
            json.WriteString("type", e.Type);
            json.WriteString("at", e.At);
            json.WriteEndObject();
        }
        buffer.Write("\n\n"u8);
    }
}
