namespace Tocsin.Core.Notifications;

/// <summary>
/// Built-in templates. Alert events share one set per channel and differ through <c>{{headline}}</c> and
/// <c>{{eventLabel}}</c>; digests have their own, since there is no single alert to describe.
/// </summary>
public static class DefaultTemplates
{
    public static TemplateSet For(ChannelKind channel, NotificationEvent @event) => (channel, @event) switch
    {
        (ChannelKind.Webhook, _) => new(Subject, Text: null, Json: WebhookJson),
        (ChannelKind.Slack, NotificationEvent.Digest) => new(Subject, Text: DigestText, Json: SlackDigestJson),
        (ChannelKind.Slack, _) => new(Subject, Text: SmsText, Json: SlackJson),
        (ChannelKind.Email, NotificationEvent.Digest) => new(Subject, DigestText, DigestHtml),
        (ChannelKind.Email, _) => new(Subject, EmailText, EmailHtml),
        (ChannelKind.InApp, NotificationEvent.Digest) => new(Subject, DigestText),
        (ChannelKind.InApp, _) => new(Subject, EmailText),
        (ChannelKind.Sms or ChannelKind.Voice, NotificationEvent.Digest) => new(Subject, DigestText),
        (ChannelKind.Voice, _) => new(Subject, VoiceText),
        (ChannelKind.Sms, _) => new(Subject, SmsText),
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "no default template"),
    };

    public const string Subject = "{{headline}}";

    // SMS bodies are billed per 160-character segment, so only the headline and the link.
    public const string SmsText = "{{headline}}{{#if alert.url}} {{alert.url}}{{/if}}";

    // A call reads its text aloud: a link means nothing there, so only who is calling and the headline.
    public const string VoiceText = "This is Tocsin. {{headline}}";

    public const string EmailText =
        "{{headline}}\n\n" +
        "{{#if alert.details}}{{alert.details}}\n\n{{/if}}" +
        "Status: {{alert.status}}\n" +
        "Priority: {{alert.priority}}\n" +
        "{{#if alert.source}}Source: {{alert.source}}\n{{/if}}" +
        "{{#if actor}}By: {{actor}}\n{{/if}}" +
        "Time: {{time}}\n" +
        "{{#each alert.labelList}}{{name}}: {{value}}\n{{/each}}" +
        "{{#each alert.links}}{{text}}: {{url}}\n{{/each}}" +
        "{{#if alert.url}}\nOpen in Tocsin: {{alert.url}}\n{{/if}}";

    public const string EmailHtml =
        "<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n" +
        "<h2>{{headline}}</h2>\n" +
        "{{#if alert.details}}<p style=\"white-space:pre-wrap\">{{alert.details}}</p>\n{{/if}}" +
        "<table>\n" +
        "<tr><th align=\"left\">Status</th><td>{{alert.status}}</td></tr>\n" +
        "<tr><th align=\"left\">Priority</th><td>{{alert.priority}}</td></tr>\n" +
        "{{#if alert.source}}<tr><th align=\"left\">Source</th><td>{{alert.source}}</td></tr>\n{{/if}}" +
        "{{#if actor}}<tr><th align=\"left\">By</th><td>{{actor}}</td></tr>\n{{/if}}" +
        "<tr><th align=\"left\">Time</th><td>{{time}}</td></tr>\n" +
        "{{#each alert.labelList}}<tr><th align=\"left\">{{name}}</th><td>{{value}}</td></tr>\n{{/each}}" +
        "</table>\n" +
        "{{#each alert.links}}<p><a href=\"{{url}}\">{{text}}</a></p>\n{{/each}}" +
        "{{#if alert.url}}<p><a href=\"{{alert.url}}\">Open in Tocsin</a></p>\n{{/if}}" +
        "</body></html>\n";

    public const string DigestText =
        "{{digest.text}} held back by storm control between {{digest.from}} and {{digest.to}}." +
        "{{#if alert.url}}\nOpen in Tocsin: {{alert.url}}{{/if}}\n";

    public const string DigestHtml =
        "<!DOCTYPE html>\n<html><body style=\"font-family:sans-serif\">\n" +
        "<h2>{{digest.text}}</h2>\n<p>Held back by storm control between {{digest.from}} and {{digest.to}}.</p>\n" +
        "{{#if alert.url}}<p><a href=\"{{alert.url}}\">Open in Tocsin</a></p>\n{{/if}}" +
        "</body></html>\n";

    // The {{json}} helper writes a complete JSON value (string, null, object, array), so optional fields and maps
    // cannot break the document whatever they contain.
    public const string WebhookJson =
        """
        {
          "version": "1",
          "event": {{json event}},
          "time": {{json time}},
          "actor": {{json actor}},
          "alert": {
            "id": {{json alert.id}},
            "number": {{json alert.number}},
            "title": {{json alert.title}},
            "details": {{json alert.details}},
            "status": {{json alert.status}},
            "priority": {{json alert.priority}},
            "source": {{json alert.source}},
            "labels": {{json alert.labels}},
            "links": {{json alert.links}},
            "url": {{json alert.url}}
          },
          "digest": {{json digest}}
        }
        """;

    // Slack mrkdwn needs &, < and > escaped ({{slack}}); the JSON encoder then escapes quotes and newlines.
    public const string SlackJson =
        """
        {
          "text": "{{headline}}",
          "blocks": [
            {
              "type": "section",
              "text": { "type": "mrkdwn", "text": "*{{eventLabel}}*: {{#if alert.url}}<{{alert.url}}|#{{alert.number}} {{slack alert.title}}>{{else}}#{{alert.number}} {{slack alert.title}}{{/if}}" }
            },
            {
              "type": "context",
              "elements": [
                { "type": "mrkdwn", "text": "Priority: *{{alert.priority}}* · Status: {{alert.status}}{{#if alert.source}} · Source: {{slack alert.source}}{{/if}}{{#if actor}} · By: {{slack actor}}{{/if}}" }
              ]
            }{{#if alert.url}},
            {
              "type": "actions",
              "elements": [
                { "type": "button", "text": { "type": "plain_text", "text": "Open in Tocsin" }, "url": "{{alert.url}}" }
              ]
            }{{/if}}
          ]
        }
        """;

    public const string SlackDigestJson =
        """
        {
          "text": "{{digest.text}}",
          "blocks": [
            {
              "type": "section",
              "text": { "type": "mrkdwn", "text": "*{{digest.text}}* held back by storm control between {{digest.from}} and {{digest.to}}.{{#if alert.url}} <{{alert.url}}|Open in Tocsin>{{/if}}" }
            }
          ]
        }
        """;
}
