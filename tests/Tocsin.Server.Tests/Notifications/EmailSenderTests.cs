using System.Net.Mail;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>Against a real aiosmtpd server on 127.0.0.1 (apt-get install -y python3-aiosmtpd).</summary>
public sealed class EmailSenderTests
{
    private static EmailSender Sender(int port) => new(new SmtpOptions
    {
        Host = "127.0.0.1", Port = port, UseStartTls = false, From = "tocsin@example.com", Timeout = TimeSpan.FromSeconds(10),
    });

    private static Delivery Message(string to = "oncall@example.com") => NotificationTestData.Message(ChannelKind.Email, to);

    [Fact]
    public async Task SendAsync_RealSmtpServer_MultipartMailArrives()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var message = Message();

        (await Sender(smtp.Port).SendAsync(message, default)).ShouldBeOfType<SendResult.Sent>();

        var file = smtp.MessageFiles().ShouldHaveSingleItem();
        var mail = await SmtpServer.DecodeAsync(file);
        mail.GetProperty("contentType").GetString().ShouldBe("multipart/alternative");
        var headers = mail.GetProperty("headers");
        headers.GetProperty("Subject").GetString().ShouldBe(message.Subject);
        headers.GetProperty("To").GetString().ShouldBe("oncall@example.com");
        headers.GetProperty("From").GetString()!.ShouldContain("tocsin@example.com");
        headers.GetProperty("X-Tocsin-Idempotency-Key").GetString().ShouldBe("ntf-7");
        var parts = mail.GetProperty("parts").EnumerateArray().ToDictionary(p => p.GetProperty("type").GetString()!, p => p.GetProperty("body").GetString()!);
        parts["text/plain"].ReplaceLineEndings("\n").ShouldBe(message.TextBody!.ReplaceLineEndings("\n"));
        parts["text/html"].ShouldContain("&lt;threshold&gt;");
    }

    [Fact]
    public async Task SendAsync_RecipientRejected550_Fail()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var fail = (await Sender(smtp.Port).SendAsync(Message("reject-me@example.com"), default)).ShouldBeOfType<SendResult.Fail>();
        fail.Error.ShouldStartWith("SMTP 550");
        smtp.MessageFiles().ShouldBeEmpty();
    }

    [Fact]
    public async Task SendAsync_RecipientBusy451_Retry()
    {
        await using var smtp = await SmtpServer.StartAsync();
        (await Sender(smtp.Port).SendAsync(Message("busy@example.com"), default)).ShouldBeOfType<SendResult.Retry>()
            .Error.ShouldStartWith("SMTP 451");
    }

    [Fact]
    public async Task SendAsync_StoppedServer_Retry()
    {
        var smtp = await SmtpServer.StartAsync();
        var port = smtp.Port;
        await smtp.DisposeAsync();
        (await Sender(port).SendAsync(Message(), default)).ShouldBeOfType<SendResult.Retry>();
    }

    [Fact]
    public async Task Flow_ServerDownThenUp_MailArrivesOnRetry()
    {
        var port = SmtpServer.FreePort();
        var sender = Sender(port);
        (await sender.SendAsync(Message(), default)).ShouldBeOfType<SendResult.Retry>();

        await using var smtp = await SmtpServer.StartAsync(port);
        (await sender.SendAsync(Message() with { Attempt = 2 }, default)).ShouldBeOfType<SendResult.Sent>();
        smtp.MessageFiles().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task SendAsync_TextOnly_SinglePartPlainText()
    {
        await using var smtp = await SmtpServer.StartAsync();
        (await Sender(smtp.Port).SendAsync(Message() with { HtmlBody = null, TextBody = "just text" }, default)).ShouldBeOfType<SendResult.Sent>();
        var mail = await SmtpServer.DecodeAsync(smtp.MessageFiles().Single());
        mail.GetProperty("contentType").GetString().ShouldBe("text/plain");
        mail.GetProperty("parts")[0].GetProperty("body").GetString()!.Trim().ShouldBe("just text");
    }

    [Fact]
    public async Task SendAsync_InvalidAddress_FailWithoutConnecting() =>
        (await Sender(SmtpServer.FreePort()).SendAsync(Message("not an address"), default)).ShouldBeOfType<SendResult.Fail>();

    [Theory]
    [InlineData(SmtpStatusCode.MailboxUnavailable, typeof(SendResult.Fail))]
    [InlineData(SmtpStatusCode.TransactionFailed, typeof(SendResult.Fail))]
    [InlineData(SmtpStatusCode.ServiceNotAvailable, typeof(SendResult.Retry))]
    [InlineData(SmtpStatusCode.MailboxBusy, typeof(SendResult.Retry))]
    [InlineData(SmtpStatusCode.InsufficientStorage, typeof(SendResult.Retry))]
    [InlineData(SmtpStatusCode.GeneralFailure, typeof(SendResult.Retry))]
    public void Classify_SmtpReplyCodes(SmtpStatusCode code, Type expected) =>
        EmailSender.Classify(code, "x").ShouldBeOfType(expected);
}
