using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HandlebarsDotNet;

namespace Tocsin.Core.Notifications;

/// <summary>
/// Renders notifications from Handlebars templates: the operator's override when given, otherwise
/// <see cref="DefaultTemplates"/>. Thread-safe; compiled templates are cached by source text.
/// </summary>
/// <remarks>
/// Template model (camelCase): <c>event</c> (wire string), <c>eventLabel</c>, <c>headline</c>, <c>actor</c>, <c>time</c>
/// (ISO 8601 UTC), <c>alert.{id, number, title, details, status, priority, source, labels, labelList[{name, value}],
/// links[{text, url}], url}</c>, <c>digest.{count, text, alertIds, from, to}</c>. Helpers: <c>{{json x}}</c> writes x as a
/// JSON value, <c>{{slack x}}</c> escapes Slack mrkdwn control characters.
/// </remarks>
public sealed class NotificationTemplates
{
    private const int MaxCachedTemplates = 1_000;

    private readonly IHandlebars _text = CreateEnvironment(noEscape: true, encoder: null);
    private readonly IHandlebars _html = CreateEnvironment(noEscape: false, encoder: null);
    private readonly IHandlebars _json = CreateEnvironment(noEscape: false, encoder: new JsonStringEncoder());
    private readonly ConcurrentDictionary<(TemplatePart, string), HandlebarsTemplate<object, object>> _cache = new();

    /// <summary>Renders every non-null part of the template set. Validate overrides first: a broken one throws here.</summary>
    public RenderedNotification Render(ChannelKind channel, NotificationEvent @event, NotificationContext context, TemplateSet? overrideTemplate = null)
    {
        var set = overrideTemplate ?? DefaultTemplates.For(channel, @event);
        var model = BuildModel(context with { Event = @event });
        return new RenderedNotification(
            Subject: Single(Apply(TemplatePart.Subject, set.Subject, model)),
            Text: set.Text is null ? null : Apply(TemplatePart.Text, set.Text, model),
            Html: set.Html is null ? null : Apply(TemplatePart.Html, set.Html, model),
            Json: set.Json is null ? null : Apply(TemplatePart.Json, set.Json, model));
    }

    /// <summary>
    /// Syntax errors, runtime errors against a sample alert, and (for the JSON part) output that is not valid JSON,
    /// each named by the <see cref="TemplateSet"/> field. Empty when the set is usable.
    /// </summary>
    public IReadOnlyList<TemplateError> Validate(TemplateSet set)
    {
        var errors = new List<TemplateError>();
        if (string.IsNullOrWhiteSpace(set.Subject)) errors.Add(new("subject", "must not be empty"));
        var model = BuildModel(SampleContext);
        Check(TemplatePart.Subject, set.Subject);
        Check(TemplatePart.Text, set.Text);
        Check(TemplatePart.Html, set.Html);
        Check(TemplatePart.Json, set.Json);
        return errors;

        void Check(TemplatePart part, string? source)
        {
            if (string.IsNullOrEmpty(source)) return;
            var field = part.ToString().ToLowerInvariant();
            string output;
            try { output = Apply(part, source, model); }
            catch (HandlebarsException e) { errors.Add(new(field, e.Message)); return; }
            if (part != TemplatePart.Json) return;
            try { using var _ = JsonDocument.Parse(output); }
            catch (JsonException e) { errors.Add(new(field, $"does not render valid JSON: {e.Message}")); }
        }
    }

    /// <summary>A realistic alert used by <see cref="Validate"/> and the test-render endpoint.</summary>
    public static NotificationContext SampleContext { get; } = new(
        NotificationEvent.Triggered, AlertId: 42, AlertNumber: 1042, Title: "Disk \"/var\" 95% full on db-1",
        Details: "Free space fell below 5% <threshold>.\nCheck log rotation.", Status: "triggered", Priority: "high",
        Source: "prometheus", Labels: new Dictionary<string, string> { ["host"] = "db-1", ["team"] = "storage" },
        Links: [new("Runbook", "https://wiki.example.com/runbooks/disk")], ConsoleUrl: "https://tocsin.example.com/alerts/42",
        Actor: "escalation policy", Time: new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));

    private string Apply(TemplatePart part, string source, Dictionary<string, object?> model)
    {
        var template = _cache.GetOrAdd((part, source), key =>
        {
            // Counted only on a miss (Count takes every lock); overrides are few, this bounds pathological churn.
            if (_cache.Count > MaxCachedTemplates) _cache.Clear();
            return Environment(key.Item1).Compile(key.Item2);
        });
        return template(model);
    }

    private IHandlebars Environment(TemplatePart part) => part switch
    {
        TemplatePart.Html => _html,
        TemplatePart.Json => _json,
        _ => _text,
    };

    // Subjects become mail headers and notification titles: one line.
    private static string Single(string subject) => subject.ReplaceLineEndings(" ").Trim();

    internal static Dictionary<string, object?> BuildModel(NotificationContext c)
    {
        var eventLabel = c.Event.ToString();
        var digest = c.Digest is { } d
            ? new Dictionary<string, object?>
            {
                ["count"] = d.Count, ["text"] = d.Text, ["alertIds"] = d.AlertIds.ToArray(),
                ["from"] = Iso(d.From), ["to"] = Iso(d.To),
            }
            : null;
        return new()
        {
            ["event"] = c.Event.ToWire(),
            ["eventLabel"] = eventLabel,
            ["headline"] = c.Digest is { } dg ? dg.Text : $"[{eventLabel}] #{c.AlertNumber.ToString(CultureInfo.InvariantCulture)} {c.Title}",
            ["actor"] = c.Actor,
            ["time"] = Iso(c.Time),
            ["alert"] = new Dictionary<string, object?>
            {
                ["id"] = c.AlertId,
                ["number"] = c.AlertNumber,
                ["title"] = c.Title,
                ["details"] = c.Details,
                ["status"] = c.Status,
                ["priority"] = c.Priority,
                ["source"] = c.Source,
                ["labels"] = c.Labels.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                ["labelList"] = c.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                    .Select(kv => new Dictionary<string, object?> { ["name"] = kv.Key, ["value"] = kv.Value }).ToArray(),
                // Links come from event sources (untrusted); only http(s) may become a clickable href.
                ["links"] = c.Links.Where(l => IsWebUrl(l.Url))
                    .Select(l => new Dictionary<string, object?> { ["text"] = l.Text, ["url"] = l.Url }).ToArray(),
                ["url"] = c.ConsoleUrl,
            },
            ["digest"] = digest,
        };
    }

    private static bool IsWebUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Iso(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static IHandlebars CreateEnvironment(bool noEscape, ITextEncoder? encoder)
    {
        var config = new HandlebarsConfiguration { NoEscape = noEscape, FormatProvider = CultureInfo.InvariantCulture };
        if (encoder is not null) config.TextEncoder = encoder;
        var env = Handlebars.Create(config);
        env.RegisterHelper("json", (writer, _, arguments) =>
            writer.Write(JsonSerializer.Serialize(arguments.Length == 0 ? null : Plain(arguments[0]), JsonOptions), false));
        env.RegisterHelper("slack", (writer, _, arguments) =>
            writer.Write(arguments.Length == 0 ? "" : SlackEscape(Plain(arguments[0])?.ToString() ?? ""), true));
        return env;
    }

    // Handlebars passes a marker object for a missing value; it must render as null, not as the marker's name.
    private static object? Plain(object? value) => value is UndefinedBindingResult ? null : value;

    private static string SlackEscape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private enum TemplatePart { Subject, Text, Html, Json }

    /// <summary>Escapes interpolated values as the inside of a JSON string; templates supply the quotes.</summary>
    private sealed class JsonStringEncoder : ITextEncoder
    {
        public void Encode(StringBuilder? text, TextWriter target) => Encode(text?.ToString(), target);

        public void Encode(string? text, TextWriter target)
        {
            if (string.IsNullOrEmpty(text)) return;
            target.Write(JsonEncodedText.Encode(text, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value);
        }

        public void Encode<T>(T? text, TextWriter target) where T : IEnumerator<char>
        {
            if (text is null) return;
            var builder = new StringBuilder();
            while (text.MoveNext()) builder.Append(text.Current);
            Encode(builder.ToString(), target);
        }
    }
}
