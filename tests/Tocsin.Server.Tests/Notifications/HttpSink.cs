using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Tests.Notifications;

public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>One line naming the delivery behind the request: a repeat of one key is a re-send, a new key a second delivery.</summary>
    public override string ToString() =>
        $"{Method} {Path} key={Header(WebhookSender.IdempotencyKeyHeader) ?? "-"} attempt={Header(WebhookSender.AttemptHeader) ?? "-"} body={(BodyText.Length > 160 ? BodyText[..160] + "…" : BodyText)}";
}

/// <summary>
/// What the sink answers: a status (with optional body, Retry-After, Location), hanging until aborted, or a status held
/// back until <see cref="Until"/> completes (a request the test keeps in flight while it moves the server's clock).
/// </summary>
public sealed record SinkResponse(int Status, string Body = "", string? RetryAfter = null, string? Location = null, bool Hang = false, Task? Until = null)
{
    public static readonly SinkResponse Ok = new(200, "ok");
    public static readonly SinkResponse HangForever = new(0, Hang: true);
}

/// <summary>A real HTTP receiver on 127.0.0.1 (Kestrel, random port) that records every request.</summary>
public sealed class HttpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly SemaphoreSlim _received = new(0);

    private HttpSink(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;
    public int Port => BaseUrl.Port;
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();
    public Func<RecordedRequest, SinkResponse> Respond { get; set; } = _ => SinkResponse.Ok;

    public Uri Url(string path) => new(BaseUrl, path);

    /// <summary>Every request received, one a line, for assertion messages: a failing count then says which request was extra.</summary>
    public string Describe() => string.Join(Environment.NewLine, Requests.Select((r, i) => $"#{i + 1} {r}"));

    public static async Task<HttpSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var sink = new HttpSink(builder.Build());
        sink._app.Run(sink.HandleAsync);
        await sink._app.StartAsync();
        var address = sink._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        sink.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return sink;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray());
        _requests.Enqueue(request);
        _received.Release();

        var response = Respond(request);
        if (response.Hang)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try { await Task.Delay(Timeout.Infinite, linked.Token); } catch (OperationCanceledException) { }
            return;
        }
        if (response.Until is { } until) await until.WaitAsync(context.RequestAborted);
        context.Response.StatusCode = response.Status;
        if (response.RetryAfter is not null) context.Response.Headers.RetryAfter = response.RetryAfter;
        if (response.Location is not null) context.Response.Headers.Location = response.Location;
        if (response.Body.Length > 0) await context.Response.WriteAsync(response.Body);
    }

    /// <summary>Waits until <paramref name="count"/> more requests have arrived (counted from the last wait), or fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForRequestsAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        for (var i = 0; i < count; i++)
            if (!await _received.WaitAsync(Timeout.InfiniteTimeSpan, cts.Token).ContinueWith(t => t.IsCompletedSuccessfully, TaskScheduler.Default))
                throw new TimeoutException($"the sink received {i} of {count} expected requests in time");
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
