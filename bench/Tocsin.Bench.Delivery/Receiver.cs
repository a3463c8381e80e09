using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

/// <summary>A fast webhook receiver on 127.0.0.1: answers 200 at once and notes when each sequence number arrived.</summary>
sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentDictionary<int, long> Arrivals { get; } = new();
    public int Count;

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new Receiver(builder.Build());
        receiver._app.Run(receiver.HandleAsync);
        await receiver._app.StartAsync();
        receiver.Url = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/hook";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Stopwatch.GetTimestamp();
        using var doc = await JsonDocument.ParseAsync(context.Request.Body);
        Interlocked.Increment(ref Count);
        // The bench titles alerts "bench <seq>"; digests and other events have no such title.
        if (doc.RootElement.TryGetProperty("alert", out var alert) && alert.TryGetProperty("title", out var title) &&
            title.GetString() is { } t && t.StartsWith("bench ", StringComparison.Ordinal) && int.TryParse(t.AsSpan(6), out var seq))
            Arrivals.TryAdd(seq, now);
        context.Response.StatusCode = 200;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
