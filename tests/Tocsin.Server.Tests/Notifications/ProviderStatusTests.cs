using System.Net;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Notifications;
using Tocsin.Server.Notifications;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>
/// SMS and voice through a Twilio-style provider that is a real HTTP receiver on 127.0.0.1, and the provider's status
/// callback turning SENT into DELIVERED (or FAILED) in the attempt history (#4).
/// </summary>
public sealed class ProviderStatusTests
{
    private const string CallbackBase = "http://tocsin.callback.test";

    private static async Task<(TocsinApp App, HttpSink Provider)> StartAsync()
    {
        var provider = await HttpSink.StartAsync();
        provider.Respond = r => new SinkResponse(201, r.Path.EndsWith("/Calls.json", StringComparison.Ordinal)
            ? """{"sid":"CA00000000000000000000000000000001","status":"queued"}"""
            : """{"sid":"SM00000000000000000000000000000001","status":"queued"}""");
        var app = await TocsinApp.StartAsync(services: s =>
        {
            NotificationScenario.Options()(s);
            s.AddSingleton(new SmsOptions
            {
                BaseUrl = provider.BaseUrl.ToString(), AccountSid = "AC42", AuthToken = "provider-token", From = "+15005550006",
                StatusCallbackBaseUrl = CallbackBase,
            });
        });
        return (app, provider);
    }

    private static System.Collections.Specialized.NameValueCollection Form(RecordedRequest r) => HttpUtility.ParseQueryString(r.BodyText);

    /// <summary>The callback URL the provider was given, pointed at the test server instead of the public name.</summary>
    private static string CallbackPath(RecordedRequest r)
    {
        var callback = Form(r)["StatusCallback"].ShouldNotBeNull();
        callback.ShouldStartWith(CallbackBase + "/api/v1/notifications/");
        return callback[CallbackBase.Length..];
    }

    private static async Task<HttpResponseMessage> ReportAsync(TocsinApp app, string path, params (string, string)[] fields)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        return await anonymous.PostAsync(path, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2))));
    }

    [Fact]
    public async Task Sms_ProviderReportsDelivered_DeliveryIsDeliveredWithHistory()
    {
        var (app, provider) = await StartAsync();
        await using var _ = app;
        await using var __ = provider;
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "sms", "+4915123456789");

        var alert = await app.PageAsync(key, "Checkout down");
        var request = provider.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/2010-04-01/Accounts/AC42/Messages.json");
        Form(request)["To"].ShouldBe("+4915123456789");
        var path = CallbackPath(request);

        (await ReportAsync(app, path, ("MessageSid", "SM00000000000000000000000000000001"), ("MessageStatus", "sent"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("SENT");
        (await ReportAsync(app, path, ("MessageSid", "SM00000000000000000000000000000001"), ("MessageStatus", "delivered"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n["status"]!.GetValue<string>().ShouldBe("DELIVERED");
        n["externalId"]!.GetValue<string>().ShouldBe("SM00000000000000000000000000000001");
        n.Statuses().ShouldBe(["SENT", "DELIVERED"]);
        // A repeated report changes nothing more.
        (await ReportAsync(app, path, ("MessageSid", "SM00000000000000000000000000000001"), ("MessageStatus", "delivered"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!.Statuses().ShouldBe(["SENT", "DELIVERED"]);
    }

    [Fact]
    public async Task Voice_CallPlacedWithTwiml_NoAnswerReportIsFailed_CompletedIsDelivered()
    {
        var (app, provider) = await StartAsync();
        await using var _ = app;
        await using var __ = provider;
        var (alice, key) = await app.PagedUserAsync("Alice");
        await app.ContactMethodAsync(alice, "voice", "+4915123456789");

        var alert = await app.PageAsync(key, "Database <primary> down");
        var call = provider.Requests.ShouldHaveSingleItem();
        call.Path.ShouldBe("/2010-04-01/Accounts/AC42/Calls.json");
        var form = Form(call);
        form["To"].ShouldBe("+4915123456789");
        form["From"].ShouldBe("+15005550006");
        form["Twiml"].ShouldNotBeNull().ShouldStartWith("<Response><Say>This is Tocsin.");
        form["Twiml"]!.ShouldContain("Database &lt;primary&gt; down");
        var n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n["channel"]!.GetValue<string>().ShouldBe("voice");
        n["externalId"]!.GetValue<string>().ShouldBe("CA00000000000000000000000000000001");

        (await ReportAsync(app, CallbackPath(call), ("CallSid", "CA00000000000000000000000000000001"), ("CallStatus", "no-answer"))).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        n = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!;
        n["status"]!.GetValue<string>().ShouldBe("FAILED");
        n["lastError"]!.GetValue<string>().ShouldContain("no-answer");

        // A second call that is answered.
        var (bob, key2) = await app.PagedUserAsync("Bob");
        await app.ContactMethodAsync(bob, "voice", "+4915100000000");
        var alert2 = await app.PageAsync(key2, "Queue stuck");
        (await ReportAsync(app, CallbackPath(provider.Requests[^1]), ("CallSid", "CA00000000000000000000000000000001"), ("CallStatus", "completed"))).StatusCode
            .ShouldBe(HttpStatusCode.NoContent);
        (await app.NotificationsAsync(alert2)).ShouldHaveSingleItem()!.Statuses().ShouldBe(["SENT", "DELIVERED"]);
    }

    [Fact]
    public async Task Callback_BadTokenOrMissingStatusOrNotForm_Refused()
    {
        var (app, provider) = await StartAsync();
        await using var _ = app;
        await using var __ = provider;
        var (user, key) = await app.PagedUserAsync();
        await app.ContactMethodAsync(user, "sms", "+4915123456789");
        var alert = await app.PageAsync(key);
        var path = CallbackPath(provider.Requests.ShouldHaveSingleItem());
        var id = (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["id"]!.GetValue<long>();

        (await ReportAsync(app, $"/api/v1/notifications/{id}/provider-status?token={new string('0', 64)}", ("MessageStatus", "delivered"))).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        (await ReportAsync(app, $"/api/v1/notifications/{id}/provider-status", ("MessageStatus", "delivered"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // Another delivery's token does not open this one.
        (await ReportAsync(app, path.Replace($"/notifications/{id}/", $"/notifications/{id + 1}/", StringComparison.Ordinal), ("MessageStatus", "delivered"))).StatusCode
            .ShouldBe(HttpStatusCode.NotFound);
        await (await ReportAsync(app, path, ("MessageSid", "SM00000000000000000000000000000001"))).ProblemAsync(HttpStatusCode.BadRequest, "MessageStatus");
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        await (await anonymous.PostAsync(path, new StringContent("{\"MessageStatus\":\"delivered\"}", System.Text.Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "MessageStatus");
        // A report naming another message is not applied.
        (await ReportAsync(app, path, ("MessageSid", "SMffffffffffffffffffffffffffffffff"), ("MessageStatus", "delivered"))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.NotificationsAsync(alert)).ShouldHaveSingleItem()!["status"]!.GetValue<string>().ShouldBe("SENT");
    }

    [Fact]
    public void Token_DependsOnDeliveryAndSecret()
    {
        var a = new SmsOptions { AuthToken = "one" };
        var b = new SmsOptions { AuthToken = "two" };
        ProviderCallback.Verify(a, 1, ProviderCallback.Token(a, 1)).ShouldBeTrue();
        ProviderCallback.Verify(a, 2, ProviderCallback.Token(a, 1)).ShouldBeFalse();
        ProviderCallback.Verify(b, 1, ProviderCallback.Token(a, 1)).ShouldBeFalse();
        ProviderCallback.Url(new SmsOptions { AuthToken = "x" }, 1).ShouldBeNull();
        ProviderCallback.Interpret("queued", null).ShouldBeNull();
        ProviderCallback.Interpret("delivered", null).ShouldBe((DeliveryStatus.Delivered, (string?)null));
    }
}
