using System.Net;
using System.Text.Json;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;
using Tocsin.Testing;

namespace Tocsin.Server.Tests.Notifications;

public sealed class WebhookSenderTests : IAsyncLifetime
{
    private const string Secret = "s3cret";
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private static WebhookSender Sender(TimeProvider? time = null, AddressGuard? guard = null, TimeSpan? timeout = null) =>
        new(NotificationHttp.CreateClient(guard ?? new AddressGuard()),
            new WebhookOptions { SigningSecret = Secret, Timeout = timeout ?? TimeSpan.FromSeconds(10) },
            time ?? new FakeTimeProvider(NotificationTestData.Now));

    private Delivery Message(string path = "hook", int attempt = 1) =>
        NotificationTestData.Message(ChannelKind.Webhook, _sink.Url(path).ToString(), attempt);

    [Fact]
    public async Task SendAsync_Receiver200_SentWithJsonSignatureAndIdempotencyKey()
    {
        var message = Message();
        var result = await Sender().SendAsync(message, default);

        result.ShouldBeOfType<SendResult.Sent>();
        var request = _sink.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/hook");
        request.Header("Content-Type").ShouldBe("application/json; charset=utf-8");
        request.Header("Idempotency-Key").ShouldBe("ntf-7");
        request.Header("Tocsin-Attempt").ShouldBe("1");
        request.BodyText.ShouldBe(message.JsonPayload);
        JsonDocument.Parse(request.Body).RootElement.GetProperty("alert").GetProperty("id").GetInt64().ShouldBe(42);

        var signature = request.Header("Tocsin-Signature")!;
        signature.ShouldStartWith($"t={NotificationTestData.Now.ToUnixTimeSeconds()},v1=");
        WebhookSignature.Verify(signature, Secret, request.Body, NotificationTestData.Now, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookSignature.Verify(signature, "wrong", request.Body, NotificationTestData.Now, TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify(signature, Secret, [.. request.Body, (byte)' '], NotificationTestData.Now, TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify(signature, Secret, request.Body, NotificationTestData.Now.AddHours(1), TimeSpan.FromMinutes(5)).ShouldBeFalse();
    }

    [Fact]
    public async Task SendAsync_NoSecret_NoSignatureHeader()
    {
        var sender = new WebhookSender(NotificationHttp.CreateClient(new AddressGuard()), new WebhookOptions(), TimeProvider.System);
        (await sender.SendAsync(Message(), default)).ShouldBeOfType<SendResult.Sent>();
        _sink.Requests.ShouldHaveSingleItem().Header("Tocsin-Signature").ShouldBeNull();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    [InlineData(429)]
    public async Task SendAsync_TransientStatus_Retry(int status)
    {
        _sink.Respond = _ => new SinkResponse(status, "busy");
        var retry = (await Sender().SendAsync(Message(), default)).ShouldBeOfType<SendResult.Retry>();
        retry.Error.ShouldBe($"HTTP {status}: busy");
    }

    [Fact]
    public async Task SendAsync_RetryAfterSeconds_Honoured()
    {
        _sink.Respond = _ => new SinkResponse(429, RetryAfter: "30");
        var retry = (await Sender().SendAsync(Message(), default)).ShouldBeOfType<SendResult.Retry>();
        retry.RetryAfter.ShouldBe(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task SendAsync_RetryAfterDate_RelativeToClock()
    {
        _sink.Respond = _ => new SinkResponse(503, RetryAfter: NotificationTestData.Now.AddMinutes(2).ToString("R"));
        var retry = (await Sender().SendAsync(Message(), default)).ShouldBeOfType<SendResult.Retry>();
        retry.RetryAfter.ShouldBe(TimeSpan.FromMinutes(2));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(422)]
    public async Task SendAsync_PermanentStatus_Fail(int status)
    {
        _sink.Respond = _ => new SinkResponse(status);
        (await Sender().SendAsync(Message(), default)).ShouldBeOfType<SendResult.Fail>().Error.ShouldStartWith($"HTTP {status}");
    }

    [Fact]
    public async Task SendAsync_Redirect_NotFollowedAndFails()
    {
        _sink.Respond = r => r.Path == "/hook" ? new SinkResponse(302, Location: _sink.Url("elsewhere").ToString()) : SinkResponse.Ok;
        var fail = (await Sender().SendAsync(Message(), default)).ShouldBeOfType<SendResult.Fail>();
        fail.Error.ShouldContain("redirect");
        fail.Error.ShouldContain("/elsewhere");
        _sink.Requests.ShouldHaveSingleItem().Path.ShouldBe("/hook");
    }

    [Fact]
    public async Task SendAsync_ReceiverHangs_TimesOutAsRetry()
    {
        _sink.Respond = _ => SinkResponse.HangForever;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var retry = (await Sender(TimeProvider.System, timeout: TimeSpan.FromMilliseconds(300)).SendAsync(Message(), default))
            .ShouldBeOfType<SendResult.Retry>();
        retry.Error.ShouldContain("timed out");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        _sink.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendAsync_NothingListening_Retry()
    {
        var port = SmtpServer.FreePort();
        var message = NotificationTestData.Message(ChannelKind.Webhook, $"http://127.0.0.1:{port}/hook");
        (await Sender().SendAsync(message, default)).ShouldBeOfType<SendResult.Retry>().Error.ShouldContain("refused", Case.Insensitive);
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    public async Task SendAsync_MetadataAddress_RefusedAsFail(string url)
    {
        var message = NotificationTestData.Message(ChannelKind.Webhook, url);
        (await Sender().SendAsync(message, default)).ShouldBeOfType<SendResult.Fail>().Error.ShouldContain("metadata");
    }

    [Fact]
    public async Task SendAsync_HostRebindsToMetadata_RefusedAtConnect()
    {
        // The name passed configuration checks earlier; at delivery it resolves to the metadata service.
        var guard = new AddressGuard(resolver: (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") }));
        var message = NotificationTestData.Message(ChannelKind.Webhook, $"http://hooks.example.test:{_sink.Port}/hook");
        (await Sender(guard: guard).SendAsync(message, default)).ShouldBeOfType<SendResult.Fail>().Error.ShouldContain("169.254.169.254");
        _sink.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task SendAsync_HostResolvedThroughGuard_ConnectsToCheckedAddress()
    {
        var guard = new AddressGuard(resolver: (_, _) => Task.FromResult(new[] { IPAddress.Loopback }));
        var message = NotificationTestData.Message(ChannelKind.Webhook, $"http://hooks.example.test:{_sink.Port}/hook");
        (await Sender(guard: guard).SendAsync(message, default)).ShouldBeOfType<SendResult.Sent>();
        _sink.Requests.ShouldHaveSingleItem().Header("Host").ShouldBe($"hooks.example.test:{_sink.Port}");
    }

    [Fact]
    public async Task SendAsync_OperatorDeniesLoopback_Fail()
    {
        var guard = new AddressGuard(new AddressGuardOptions { Deny = ["127.0.0.0/8"] });
        (await Sender(guard: guard).SendAsync(Message(), default)).ShouldBeOfType<SendResult.Fail>().Error.ShouldContain("denied");
        _sink.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        _sink.Respond = _ => SinkResponse.HangForever;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Should.ThrowAsync<OperationCanceledException>(() => Sender().SendAsync(Message(), cts.Token));
    }

    [Fact]
    public async Task Flow_ReceiverFailsTwiceThenRecovers_OneRequestPerAttemptSameKey()
    {
        var calls = 0;
        _sink.Respond = _ => Interlocked.Increment(ref calls) <= 2 ? new SinkResponse(500) : SinkResponse.Ok;
        var sender = Sender();
        var results = new List<SendResult>();
        for (var attempt = 1; attempt <= 3; attempt++)
            results.Add(await sender.SendAsync(Message(attempt: attempt), default));

        results.Select(r => r.GetType().Name).ShouldBe(["Retry", "Retry", "Sent"]);
        _sink.Requests.Count.ShouldBe(3);
        _sink.Requests.Select(r => r.Header("Idempotency-Key")).Distinct().ShouldHaveSingleItem().ShouldBe("ntf-7");
        _sink.Requests.Select(r => r.Header("Tocsin-Attempt")).ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task SendAsync_NoJsonPayload_Fail()
    {
        var message = Message() with { JsonPayload = null };
        (await Sender().SendAsync(message, default)).ShouldBeOfType<SendResult.Fail>();
        _sink.Requests.ShouldBeEmpty();
    }
}
