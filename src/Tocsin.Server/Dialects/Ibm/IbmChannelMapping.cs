using System.Text.Json;
using System.Text.Json.Nodes;
using Tocsin.Core.Common;
using Tocsin.Core.Notifications;

namespace Tocsin.Server.Dialects.Ibm;

/// <summary>
/// IBM/Sysdig notification channels (reference §6) ↔ Tocsin's native channels (<c>/api/v1/channels</c>): EMAIL is an email
/// channel whose targets are <c>options.emailRecipients</c>, WEBHOOK and SLACK a webhook or Slack channel whose one target is
/// <c>options.url</c>. The options object is kept verbatim beside the channel (<see cref="NotificationChannel.VendorOptions"/>)
/// so that every option reads back as sent; the targets stay authoritative for the mapped ones.
/// </summary>
internal static class IbmChannelMapping
{
    public const string Email = "EMAIL";
    public const string Webhook = "WEBHOOK";
    public const string Slack = "SLACK";

    /// <summary>The Sysdig types Tocsin does not deliver, named in the 400 so a client knows it is the type, not its options.</summary>
    private static readonly string[] UnsupportedTypes =
        ["PAGER_DUTY", "VICTOROPS", "OPSGENIE", "SNS", "MS_TEAMS", "GCHAT", "PROMETHEUS_ALERT_MANAGER", "TEAM_EMAIL", "POWER_WEBHOOK", "IBM_EVENT_NOTIFICATIONS"];

    /// <param name="id">0 on create.</param>
    /// <param name="teamScope">The request's team header: the channel is created in that team.</param>
    public static Result<NotificationChannel> ToChannel(IbmChannelRequest r, long id, long? teamScope)
    {
        if (id == 0 && (r.Id is not null || r.Version is not null)) return CoreError.Validation("id", "Notification channel ID and version must be null when creating a channel");
        if (id != 0 && r.Id is { } bodyId && bodyId != id) return CoreError.Validation("id", $"is {bodyId} but the path names channel {id}");
        if (r.Name is null) return CoreError.Validation("name", "is required");
        if (r.Type is null) return CoreError.Validation("type", $"is required: {Email}, {Webhook} or {Slack}");
        if (teamScope is { } team && r.TeamId is { } bodyTeam && bodyTeam != team)
            return CoreError.Validation("teamId", $"is {bodyTeam} but the team header limits this request to team {team}");
        var options = r.Options ?? [];
        var targets = r.Type switch
        {
            Email => Recipients(options),
            Webhook => WebhookUrl(options),
            Slack => SlackUrl(options),
            _ when UnsupportedTypes.Contains(r.Type, StringComparer.Ordinal) =>
                CoreError.Validation("type", $"{r.Type} channels are not supported by Tocsin; use {Email}, {Webhook} or {Slack}"),
            _ => CoreError.Validation("type", $"unknown value '{r.Type}'; expected {Email}, {Webhook} or {Slack}"),
        };
        if (!targets.IsOk) return targets.Error!;
        foreach (var flag in new[] { "notifyOnOk", "notifyOnResolve", "sendTestNotification", "allowInsecureConnections", "privateChannel" })
        {
            if (options[flag] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                return CoreError.Validation($"options.{flag}", "must be true or false");
        }
        return new NotificationChannel(id, r.Name, KindOf(r.Type), targets.Value!)
        {
            Enabled = r.Enabled ?? true,
            TeamId = teamScope ?? r.TeamId,
            VendorOptions = options.ToJsonString(),
        };
    }

    private static ChannelKind KindOf(string type) => type switch
    {
        Email => ChannelKind.Email,
        Slack => ChannelKind.Slack,
        _ => ChannelKind.Webhook,
    };

    public static string TypeOf(ChannelKind kind) => kind switch
    {
        ChannelKind.Email => Email,
        ChannelKind.Webhook => Webhook,
        ChannelKind.Slack => Slack,
        // Native-only kinds are listed (their ids are valid notificationChannelIds) under Tocsin's own name.
        var other => other.ToWire().ToUpperInvariant(),
    };

    private static Result<IReadOnlyList<string>> Recipients(JsonObject options)
    {
        if (options["emailRecipients"] is not JsonArray list || list.Count == 0)
            return CoreError.Validation("options.emailRecipients", "is required for EMAIL channels: a non-empty list of addresses");
        var recipients = new List<string>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return CoreError.Validation($"options.emailRecipients[{i}]", "must be an address string");
            recipients.Add(v.GetValue<string>());
        }
        return recipients;
    }

    private static Result<IReadOnlyList<string>> WebhookUrl(JsonObject options)
    {
        var url = Url(options, Webhook);
        if (!url.IsOk) return url.Error!;
        if (options["additionalHeaders"] is { } headers)
        {
            if (headers is not JsonObject map) return CoreError.Validation("options.additionalHeaders", "must be an object of header names to string values");
            foreach (var (name, value) in map)
            {
                if (name.Length == 0 || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
                    return CoreError.Validation("options.additionalHeaders", $"'{name}' is not a header name");
                if (value is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
                    return CoreError.Validation($"options.additionalHeaders.{name}", "must be a string");
            }
        }
        if (options["customData"] is { } data && data is not JsonObject) return CoreError.Validation("options.customData", "must be an object");
        return url;
    }

    private static Result<IReadOnlyList<string>> SlackUrl(JsonObject options)
    {
        if (options["channel"] is { } channel && channel.GetValueKind() != JsonValueKind.String) return CoreError.Validation("options.channel", "must be a string");
        return Url(options, Slack);
    }

    private static Result<IReadOnlyList<string>> Url(JsonObject options, string type) =>
        options["url"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? new List<string> { v.GetValue<string>() }
            : CoreError.Validation("options.url", $"is required for {type} channels: the URL to post to");

    /// <summary>The service names <c>targets[i]</c>; IBM clients know the option they sent.</summary>
    public static string FieldName(ChannelKind kind, string? field) => field switch
    {
        null => "notificationChannel",
        _ when field.StartsWith("targets", StringComparison.Ordinal) => kind == ChannelKind.Email
            ? "options.emailRecipients" + field["targets".Length..]
            : "options.url",
        _ => field,
    };

    public static IbmChannel ToDto(NotificationChannel c)
    {
        var options = (c.VendorOptions is { } json ? JsonNode.Parse(json) as JsonObject : null) ?? [];
        // The targets win over the kept options: a native edit may have changed them since.
        switch (c.Kind)
        {
            case ChannelKind.Email:
                options["emailRecipients"] = new JsonArray(c.Targets.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
                break;
            case ChannelKind.Webhook or ChannelKind.Slack:
                options["url"] = c.Targets.FirstOrDefault();
                break;
            default:
                options["targets"] = new JsonArray(c.Targets.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
                break;
        }
        return new IbmChannel
        {
            Id = c.Id,
            Version = c.Version,
            CreatedOn = c.CreatedAt.ToUnixTimeMilliseconds(),
            ModifiedOn = c.UpdatedAt.ToUnixTimeMilliseconds(),
            Type = TypeOf(c.Kind),
            Name = c.Name,
            Enabled = c.Enabled,
            TeamId = c.TeamId,
            Options = options,
        };
    }
}
