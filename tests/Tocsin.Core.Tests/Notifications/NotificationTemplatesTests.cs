using System.Text.Json;
using Tocsin.Core.Notifications;

namespace Tocsin.Core.Tests.Notifications;

public sealed class NotificationTemplatesTests
{
    private readonly NotificationTemplates _templates = new();
    private static NotificationContext Sample => NotificationTemplates.SampleContext;

    public static TheoryData<ChannelKind, NotificationEvent> AllPairs()
    {
        var data = new TheoryData<ChannelKind, NotificationEvent>();
        foreach (var c in Enum.GetValues<ChannelKind>())
            foreach (var e in Enum.GetValues<NotificationEvent>()) data.Add(c, e);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Defaults_EveryChannelAndEvent_ValidAndRenders(ChannelKind channel, NotificationEvent @event)
    {
        var set = DefaultTemplates.For(channel, @event);
        _templates.Validate(set).ShouldBeEmpty();
        var context = @event == NotificationEvent.Digest ? Sample with { Digest = new StormDigest(12, [1, 2], Sample.Time, Sample.Time.AddMinutes(1)) } : Sample;
        var rendered = _templates.Render(channel, @event, context);
        rendered.Subject.ShouldNotBeNullOrWhiteSpace();
        if (rendered.Json is not null) Should.NotThrow(() => JsonDocument.Parse(rendered.Json).Dispose());
    }

    [Fact]
    public void Render_EmailTriggered_SubjectTextAndEscapedHtml()
    {
        var r = _templates.Render(ChannelKind.Email, NotificationEvent.Triggered, Sample);
        r.Subject.ShouldBe("[Triggered] #1042 Disk \"/var\" 95% full on db-1");
        r.Text!.ShouldContain("Free space fell below 5% <threshold>."); // text is not HTML-escaped
        r.Text!.ShouldContain("host: db-1");
        r.Text!.ShouldContain("Runbook: https://wiki.example.com/runbooks/disk");
        r.Text!.ShouldContain("Open in Tocsin: https://tocsin.example.com/alerts/42");
        r.Html!.ShouldContain("&lt;threshold&gt;");
        r.Html!.ShouldNotContain("<threshold>");
        r.Json.ShouldBeNull();
    }

    [Fact]
    public void Render_Resolved_HeadlineNamesEventAndActor()
    {
        var r = _templates.Render(ChannelKind.Email, NotificationEvent.Resolved, Sample with { Actor = "alice" });
        r.Subject.ShouldStartWith("[Resolved] #1042");
        r.Text!.ShouldContain("By: alice");
    }

    [Fact]
    public void Render_Webhook_JsonCarriesAlertFieldsWithTypes()
    {
        var r = _templates.Render(ChannelKind.Webhook, NotificationEvent.Acknowledged, Sample with { Details = null });
        using var doc = JsonDocument.Parse(r.Json!);
        var root = doc.RootElement;
        root.GetProperty("event").GetString().ShouldBe("acknowledged");
        root.GetProperty("time").GetString().ShouldBe("2026-03-28T12:00:00Z");
        var alert = root.GetProperty("alert");
        alert.GetProperty("id").GetInt64().ShouldBe(42);
        alert.GetProperty("title").GetString().ShouldBe("Disk \"/var\" 95% full on db-1");
        alert.GetProperty("details").ValueKind.ShouldBe(JsonValueKind.Null);
        alert.GetProperty("labels").GetProperty("team").GetString().ShouldBe("storage");
        alert.GetProperty("links")[0].GetProperty("url").GetString().ShouldBe("https://wiki.example.com/runbooks/disk");
        root.GetProperty("digest").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public void Render_Slack_BlocksEscapeMrkdwnAndLinkToConsole()
    {
        var r = _templates.Render(ChannelKind.Slack, NotificationEvent.Triggered, Sample with { Title = "a <b> & c" });
        using var doc = JsonDocument.Parse(r.Json!);
        var section = doc.RootElement.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString();
        section.ShouldBe("*Triggered*: <https://tocsin.example.com/alerts/42|#1042 a &lt;b&gt; &amp; c>");
        doc.RootElement.GetProperty("blocks")[2].GetProperty("elements")[0].GetProperty("url").GetString()
            .ShouldBe("https://tocsin.example.com/alerts/42");
    }

    [Fact]
    public void Render_SlackWithoutConsoleUrl_StillValidJson()
    {
        var r = _templates.Render(ChannelKind.Slack, NotificationEvent.Triggered, Sample with { ConsoleUrl = null });
        using var doc = JsonDocument.Parse(r.Json!);
        doc.RootElement.GetProperty("blocks").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public void Render_Digest_SaysHowManyMore()
    {
        var digest = new StormDigest(12, [5, 6], Sample.Time, Sample.Time.AddMinutes(1));
        var r = _templates.Render(ChannelKind.Sms, NotificationEvent.Digest, Sample with { Digest = digest });
        r.Subject.ShouldBe("12 more alerts");
        r.Text!.ShouldStartWith("12 more alerts held back by storm control");
        var hook = _templates.Render(ChannelKind.Webhook, NotificationEvent.Digest, Sample with { Digest = digest });
        using var doc = JsonDocument.Parse(hook.Json!);
        doc.RootElement.GetProperty("digest").GetProperty("count").GetInt32().ShouldBe(12);
    }

    [Fact]
    public void Render_JavascriptLink_IsDropped()
    {
        var context = Sample with { Links = [new("x", "javascript:alert(1)"), new("ok", "https://ok.example")] };
        var r = _templates.Render(ChannelKind.Email, NotificationEvent.Triggered, context);
        r.Html!.ShouldNotContain("javascript:");
        r.Html!.ShouldContain("https://ok.example");
    }

    [Fact]
    public void Render_Override_UsesOverrideAndJsonEscapes()
    {
        var set = new TemplateSet("{{alert.priority}}: {{alert.title}}", Text: "T {{actor}}", Json: """{"t":"{{alert.title}}","n":{{alert.number}} }""");
        var r = _templates.Render(ChannelKind.Webhook, NotificationEvent.Triggered, Sample with { Title = "line1\nline2 \"q\"" });
        var o = _templates.Render(ChannelKind.Webhook, NotificationEvent.Triggered, Sample with { Title = "line1\nline2 \"q\"" }, set);
        r.Json.ShouldNotBe(o.Json);
        o.Subject.ShouldBe("high: line1 line2 \"q\"");
        o.Text.ShouldBe("T escalation policy");
        using var doc = JsonDocument.Parse(o.Json!);
        doc.RootElement.GetProperty("t").GetString().ShouldBe("line1\nline2 \"q\"");
        doc.RootElement.GetProperty("n").GetInt64().ShouldBe(1042);
    }

    [Fact]
    public void Validate_SyntaxError_ReportsField()
    {
        var errors = _templates.Validate(new TemplateSet("ok", Text: "{{#if alert.title}}unclosed"));
        errors.Count.ShouldBe(1);
        errors[0].Field.ShouldBe("text");
        errors[0].Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Validate_JsonThatDoesNotParse_ReportsJsonField()
    {
        var errors = _templates.Validate(new TemplateSet("ok", null, Json: """{"title": {{alert.title}} }"""));
        errors.ShouldHaveSingleItem().Field.ShouldBe("json");
        errors[0].Message.ShouldContain("valid JSON");
    }

    [Fact]
    public void Validate_EmptySubject_ReportsSubject() =>
        _templates.Validate(new TemplateSet(" ", "x")).ShouldHaveSingleItem().Field.ShouldBe("subject");

    [Fact]
    public void Validate_SeveralBrokenParts_ReportsEach()
    {
        var errors = _templates.Validate(new TemplateSet("{{#each}", "{{/if}}", Html: "<p>{{alert.title}</p>"));
        errors.Select(e => e.Field).ShouldBe(["subject", "text", "html"], ignoreOrder: true);
    }
}
