using System.Text;
using System.Web;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Tests.Notifications;

public sealed class SmsSenderTests : IAsyncLifetime
{
    private HttpSink _sink = null!;

    public async Task InitializeAsync() => _sink = await HttpSink.StartAsync();

    public async Task DisposeAsync() => await _sink.DisposeAsync();

    private SmsSender Sender() => new(NotificationHttp.CreateClient(null), new SmsOptions
    {
        BaseUrl = _sink.BaseUrl.ToString(), AccountSid = "AC123", AuthToken = "tok", From = "+15005550006",
    }, TimeProvider.System);

    [Fact]
    public async Task SendAsync_Created_PostsFormWithBasicAuthAndReturnsSid()
    {
        _sink.Respond = _ => new SinkResponse(201, """{"sid":"SM0123456789abcdef","status":"queued"}""");
        var message = NotificationTestData.Message(ChannelKind.Sms, "+4915123456789");

        var sent = (await Sender().SendAsync(message, default)).ShouldBeOfType<SendResult.Sent>();

        sent.ExternalId.ShouldBe("SM0123456789abcdef");
        var request = _sink.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/2010-04-01/Accounts/AC123/Messages.json");
        request.Header("Authorization").ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("AC123:tok")));
        request.Header("Content-Type")!.ShouldStartWith("application/x-www-form-urlencoded");
        var form = HttpUtility.ParseQueryString(request.BodyText);
        form["To"].ShouldBe("+4915123456789");
        form["From"].ShouldBe("+15005550006");
        form["Body"].ShouldBe(message.TextBody);
    }

    [Theory]
    [InlineData(400, typeof(SendResult.Fail))]
    [InlineData(401, typeof(SendResult.Fail))]
    [InlineData(429, typeof(SendResult.Retry))]
    [InlineData(503, typeof(SendResult.Retry))]
    public async Task SendAsync_ProviderErrors_Classified(int status, Type expected)
    {
        _sink.Respond = _ => new SinkResponse(status, """{"code":21211,"message":"Invalid 'To' Phone Number"}""");
        (await Sender().SendAsync(NotificationTestData.Message(ChannelKind.Sms, "+4915123456789"), default)).ShouldBeOfType(expected);
    }
}
