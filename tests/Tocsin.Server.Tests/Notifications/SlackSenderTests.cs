using System.Text.Json;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Tests.Notifications;

public sealed class SlackSenderTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private static SlackSender Sender() =>
        new(NotificationHttp.CreateClient(new AddressGuard()), new SlackOptions(), TimeProvider.System);

    private Delivery Message() =>
        NotificationTestData.Message(ChannelKind.Slack, _sink.Url("services/T1/B2/xyz").ToString());

    [Fact]
    public async Task SendAsync_Ok_PostsBlocksWithConsoleLink()
    {
        (await Sender().SendAsync(Message(), default)).ShouldBeOfType<SendResult.Sent>();
        var request = _sink.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/services/T1/B2/xyz");
        using var doc = JsonDocument.Parse(request.Body);
        doc.RootElement.GetProperty("text").GetString()!.ShouldStartWith("[Triggered] #1042");
        var blocks = doc.RootElement.GetProperty("blocks");
        blocks[0].GetProperty("type").GetString().ShouldBe("section");
        request.BodyText.ShouldContain("https://tocsin.example.com/alerts/42");
    }

    [Fact]
    public async Task SendAsync_NoBlocks_FallsBackToText()
    {
        (await Sender().SendAsync(Message() with { JsonPayload = null, TextBody = "hello" }, default)).ShouldBeOfType<SendResult.Sent>();
        JsonDocument.Parse(_sink.Requests.Single().Body).RootElement.GetProperty("text").GetString().ShouldBe("hello");
    }

    [Theory]
    [InlineData(404, "no_service", typeof(SendResult.Fail))]
    [InlineData(410, "channel_is_archived", typeof(SendResult.Fail))]
    [InlineData(400, "invalid_payload", typeof(SendResult.Fail))]
    [InlineData(429, "rate_limited", typeof(SendResult.Retry))]
    [InlineData(500, "rollup_error", typeof(SendResult.Retry))]
    public async Task SendAsync_SlackErrors_Classified(int status, string body, Type expected)
    {
        _sink.Respond = _ => new SinkResponse(status, body);
        var result = await Sender().SendAsync(Message(), default);
        result.ShouldBeOfType(expected);
    }

    [Fact]
    public async Task SendAsync_MetadataUrl_Fail() =>
        (await Sender().SendAsync(NotificationTestData.Message(ChannelKind.Slack, "http://169.254.169.254/hook"), default))
            .ShouldBeOfType<SendResult.Fail>();
}
