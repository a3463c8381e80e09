using System.Net;
using System.Net.Sockets;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Notifications;

/// <summary>The HTTP plumbing shared by the webhook, Slack and SMS senders: a guarded client and one classification.</summary>
public static class NotificationHttp
{
    private const int ErrorBodyChars = 300;

    /// <summary>
    /// A client that never follows redirects (a 3xx could point a vetted URL at the metadata service), ignores
    /// environment proxies (the guard must see the real destination) and, when <paramref name="guard"/> is given,
    /// checks the address of every new connection, so DNS rebinding after configuration cannot bypass it.
    /// Timeouts are per request (see <see cref="SendAsync"/>), so <see cref="HttpClient.Timeout"/> is infinite.
    /// </summary>
    public static HttpClient CreateClient(AddressGuard? guard) =>
        new(CreateHandler(guard)) { Timeout = Timeout.InfiniteTimeSpan };

    public static SocketsHttpHandler CreateHandler(AddressGuard? guard)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            // Re-resolve (and re-check) hosts now and then instead of pinning one connection forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        if (guard is not null)
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var addresses = await guard.ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        return handler;
    }

    /// <summary>Sends one request with its own timeout and classifies the outcome; throws only if the caller cancels.</summary>
    /// <remarks>
    /// The timeout runs on wall time, as the socket's own timeouts do, not on <paramref name="time"/> (business time, used
    /// here for Retry-After dates): a jump of the business clock, a test's fake one moved by minutes while a pass is
    /// sending, fired it on a request the receiver had already answered, so the answered page was recorded as timed out
    /// and sent again. On the system clock the two are the same.
    /// </remarks>
    public static async Task<SendResult> SendAsync(
        HttpClient http, HttpRequestMessage request, TimeSpan timeout, TimeProvider time,
        Func<HttpResponseMessage, CancellationToken, Task<string?>>? readExternalId, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 200 and < 300)
                return new SendResult.Sent(readExternalId is null ? null : await readExternalId(response, linked.Token).ConfigureAwait(false));

            var detail = await ReadSnippetAsync(response, linked.Token).ConfigureAwait(false);
            if (IsRetryable(response.StatusCode))
                return new SendResult.Retry($"HTTP {status}{detail}", RetryAfter(response, time.GetUtcNow()));
            if (status is >= 300 and < 400)
                return new SendResult.Fail($"HTTP {status} redirect to {response.Headers.Location?.ToString() ?? "(no location)"} not followed");
            return new SendResult.Fail($"HTTP {status}{detail}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Retry($"timed out after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e) when (FindRefusal(e) is { } refusal)
        {
            // A refused address will be refused again; retrying for a day only delays the operator's fix.
            return new SendResult.Fail(refusal.Message);
        }
        catch (HttpRequestException e)
        {
            return new SendResult.Retry(Describe(e));
        }
    }

    /// <summary>5xx, 408 and 429 may succeed later; every other non-2xx will not (alertmanager Retrier.Check).</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date && date > now) return date - now;
        return null;
    }

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            body = body.Trim();
            if (body.Length == 0) return "";
            return ": " + (body.Length > ErrorBodyChars ? body[..ErrorBodyChars] + "…" : body);
        }
        catch (HttpRequestException)
        {
            return ""; // the status already says enough
        }
    }

    private static AddressRefusedException? FindRefusal(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (current is AddressRefusedException refusal) return refusal;
        return null;
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message} ({inner.Message})"
            : e.Message;
}
