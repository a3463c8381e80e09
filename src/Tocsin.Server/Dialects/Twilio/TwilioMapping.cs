using System.Globalization;
using System.Text;
using System.Text.Json;
using Tocsin.Core.Common;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>
/// Pure mapping between Flex Insights rules and core <see cref="Rule"/>s. Errors are <see cref="CoreError"/>s whose field is
/// the Twilio parameter name; unknown vendor values (metric ids, threshold types and operators, severities) are errors.
/// </summary>
internal static class TwilioMapping
{
    public const string Critical = "Critical";
    public const string Warning = "Warning";
    public const string GreaterThan = "Greater Than";
    public const string LesserThan = "Lesser Than";
    public const string QueueLabel = "task_queue_sid";
    public const string ChannelLabel = "task_channel_sid";
    public const string TtidPrefix = "flex_notificationconfiguration_";
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    /// <summary>The seed's 17 metric ids, matched exactly, and the core metric name samples carry.</summary>
    /// <remarks>
    /// #9 asked for samples named by the metric id itself, but the core metric-name grammar (<c>[a-zA-Z_:][a-zA-Z0-9_:.]*</c>,
    /// shared with the condition language) refuses spaces and parentheses, so each id maps to a fixed name under <c>flex.</c>.
    /// </remarks>
    public static readonly IReadOnlyDictionary<string, string> Metrics = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Active (Now)"] = "flex.active_now",
        ["Waiting (Now)"] = "flex.waiting_now",
        ["Available Agents (Now)"] = "flex.available_agents_now",
        ["Offline Agents (Now)"] = "flex.offline_agents_now",
        ["Unavailable Agents (Now)"] = "flex.unavailable_agents_now",
        ["Abandoned (30 min)"] = "flex.abandoned_30_min",
        ["Abandoned (Today)"] = "flex.abandoned_today",
        ["Accepted (30 min)"] = "flex.accepted_30_min",
        ["Accepted (Today)"] = "flex.accepted_today",
        ["Avg. Speed of Answer (Today)"] = "flex.avg_speed_of_answer_today",
        ["Avg. Handle Time (Today)"] = "flex.avg_handle_time_today",
        ["Missed Invitations (30 min)"] = "flex.missed_invitations_30_min",
        ["Missed Invitations (Today)"] = "flex.missed_invitations_today",
        ["SLA (30 min)"] = "flex.sla_30_min",
        ["SLA (Today)"] = "flex.sla_today",
        ["Longest Available Agent (Now)"] = "flex.longest_available_agent_now",
        ["Longest (Now)"] = "flex.longest_now",
    };

    public static readonly IReadOnlyList<string> SortFields = ["date_created", "date_updated", "rule_friendly_name", "metric_id"];

    /// <summary>Rules evaluate every 10 s over the last 30 s; Flex real-time metrics are gauges.</summary>
    public static readonly TimeSpan EvaluationStep = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private static readonly string MetricList = string.Join(", ", Metrics.Keys.Select(k => $"'{k}'"));

    /// <summary>Validates a create/update body (full replacement: the seed marks the same fields required for both).</summary>
    public static Result<TwilioRuleBody> ToBody(TwilioRuleRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.RuleFriendlyName)) return Required("rule_friendly_name");
        if (r.MetricId is null) return Required("metric_id");
        if (!Metrics.ContainsKey(r.MetricId)) return CoreError.Validation("metric_id", $"unknown metric '{r.MetricId}'; expected one of {MetricList}");
        if (string.IsNullOrWhiteSpace(r.TaskChannelSid)) return Required("task_channel_sid");
        if (r.TaskChannelSid.Length > 64) return CoreError.Validation("task_channel_sid", "must be at most 64 characters");
        if (r.TaskQueueSids is null || r.TaskQueueSids.Count == 0) return CoreError.Validation("task_queue_sids", "is required and must list at least one TaskQueue SID");
        for (var i = 0; i < r.TaskQueueSids.Count; i++)
        {
            if (!TwilioSid.IsValid(r.TaskQueueSids[i], TwilioSid.TaskQueue))
                return CoreError.Validation($"task_queue_sids[{i}]", $"'{r.TaskQueueSids[i]}' is not a TaskQueue SID (WQ followed by 32 hex digits)");
        }
        if (r.Active is null) return Required("active");
        if (r.RuleThresholds is null || r.RuleThresholds.Count == 0) return CoreError.Validation("rule_thresholds", "is required and must hold a Critical and/or a Warning threshold");
        var thresholds = new List<TwilioThreshold>();
        for (var i = 0; i < r.RuleThresholds.Count; i++)
        {
            var t = r.RuleThresholds[i];
            var at = $"rule_thresholds[{i}]";
            if (t is null) return CoreError.Validation(at, "must be an object");
            if (t.ThresholdType is not (Critical or Warning)) return CoreError.Validation($"{at}.threshold_type", $"unknown value '{t.ThresholdType}'; expected 'Critical' or 'Warning'");
            if (t.ThresholdOperator is not (GreaterThan or LesserThan)) return CoreError.Validation($"{at}.threshold_operator", $"unknown value '{t.ThresholdOperator}'; expected 'Greater Than' or 'Lesser Than'");
            if (t.ThresholdValue is null) return Required($"{at}.threshold_value");
            if (thresholds.Any(x => x.ThresholdType == t.ThresholdType)) return CoreError.Validation($"{at}.threshold_type", $"a rule has at most one {t.ThresholdType} threshold");
            thresholds.Add(t);
        }
        if (r.NotifyEnabled is null) return Required("notify_enabled");
        if (r.NotifySeverity is not (null or Critical or Warning)) return CoreError.Validation("notify_severity", $"unknown value '{r.NotifySeverity}'; expected 'Critical' or 'Warning'");
        if (r.NotifyDuration is < 0 or > 7 * 24 * 3_600_000L) return CoreError.Validation("notify_duration", "must be between 0 and 604800000 milliseconds (7 days)");
        if (r.NotifyMethodsId is not null && !IsTtid(r.NotifyMethodsId))
            return CoreError.Validation("notify_methods_id", $"'{r.NotifyMethodsId}' is not a notification configuration ttid ({TtidPrefix} followed by 26 base32 characters)");
        // Without notify_severity every level notifies: Warning is the lowest.
        return new TwilioRuleBody(r.MetricId, r.TaskChannelSid, r.TaskQueueSids!.Select(s => s!).ToList(), thresholds, r.NotifyEnabled.Value,
            r.NotifySeverity ?? Warning, r.NotifyDuration ?? 0, r.NotifyMethodsId);
    }

    /// <summary>
    /// The core rule: condition over the mapped metric, filter on the channel and queues, one segment per queue,
    /// Critical/Warning levels from the thresholds and the hold from <c>notify_duration</c>.
    /// </summary>
    public static Rule ToRule(TwilioRuleBody b, string friendlyName, bool active, Guid tenantId, long id)
    {
        var critical = b.RuleThresholds.FirstOrDefault(t => t.ThresholdType == Critical);
        var warning = b.RuleThresholds.FirstOrDefault(t => t.ThresholdType == Warning);
        var metric = Metrics[b.MetricId];
        var first = critical ?? warning!;
        var condition = $"max(timeAvg({metric})) {(first.ThresholdOperator == GreaterThan ? ">" : "<")} {first.ThresholdValue!.Value.ToString(CultureInfo.InvariantCulture)}";
        var queues = string.Join(", ", b.TaskQueueSids.Select(Quote));
        return new Rule
        {
            Id = id,
            TenantId = tenantId,
            Name = friendlyName,
            Description = $"Twilio Flex Insights rule on '{b.MetricId}'",
            Enabled = active,
            Condition = condition,
            Filter = $"{ChannelLabel} = {Quote(b.TaskChannelSid)} and {QueueLabel} in ({queues})",
            SegmentBy = [QueueLabel],
            EvaluationStep = EvaluationStep,
            Window = Window,
            HoldDuration = TimeSpan.FromMilliseconds(b.NotifyDuration),
            // Only a Warning threshold: the critical level is made unreachable (the core treats the condition's own
            // comparison as critical otherwise).
            Critical = critical is not null ? ToThreshold(critical) : Unreachable(warning!),
            Warning = warning is not null ? ToThreshold(warning) : null,
            Severity = 2,
        };
    }

    public static TwilioRule ToDto(RuleRecord record, TwilioRuleBody b, string accountSid, string instanceSid, string baseUrl)
    {
        var sid = TwilioSid.ForId(TwilioSid.Rule, record.Rule.Id);
        return new TwilioRule(accountSid, instanceSid, sid, record.Rule.Name, b.MetricId, b.TaskChannelSid, b.TaskQueueSids, record.Rule.Enabled,
            b.RuleThresholds, Iso(record.CreatedAt), Iso(record.UpdatedAt), b.NotifyEnabled, b.NotifySeverity, b.NotifyDuration, b.NotifyMethodsId,
            $"{baseUrl}/v1/Instances/{instanceSid}/InsightsRules/{sid}");
    }

    /// <summary>Core validation errors name core fields; Twilio clients see their own parameter names.</summary>
    public static CoreError FromValidation(RuleFieldError e) => CoreError.Validation(e.Field switch
    {
        "name" => "rule_friendly_name",
        "holdDuration" => "notify_duration",
        "critical" or "warning" => "rule_thresholds",
        _ => "body",
    }, e.Message);

    /// <summary>The core's duplicate-name conflict is about <c>rule_friendly_name</c>.</summary>
    public static CoreError FromCore(CoreError e) => e.Kind == ErrorKind.Conflict && e.Field == "name"
        ? CoreError.Validation("rule_friendly_name", "is already used by another rule of this account; friendly names are unique per account")
        : e;

    /// <summary>Whether a firing level notifies under <c>notify_severity</c> (the minimum level that notifies).</summary>
    public static bool Notifies(AlertLevel level, string notifySeverity) =>
        level == AlertLevel.Critical || (level == AlertLevel.Warning && notifySeverity == Warning);

    public static string LevelName(AlertLevel level) => level == AlertLevel.Critical ? Critical : Warning;

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static bool IsTtid(string? value) =>
        value is { Length: 57 } && value.StartsWith(TtidPrefix, StringComparison.Ordinal) && value.AsSpan(TtidPrefix.Length).ContainsAnyExcept(Crockford) == false;

    /// <summary>A TypeID-style ttid: 48 bits of milliseconds then 80 random bits, as 26 lowercase Crockford base32 characters.</summary>
    public static string NewTtid(DateTimeOffset now, ReadOnlySpan<byte> random10)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (8 * (5 - i)));
        random10[..10].CopyTo(bytes[6..]);
        var sb = new StringBuilder(TtidPrefix, 57);
        // 128 bits as 26 characters: the first carries 3 bits.
        var value = new System.Numerics.BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        Span<char> chars = stackalloc char[26];
        for (var i = 25; i >= 0; i--) { chars[i] = CrockfordAlphabet[(int)(value & 31)]; value >>= 5; }
        return sb.Append(chars).ToString();
    }

    public const int MaxConfigsPerInstance = 100;
    public const int MaxInAppUsers = 10;

    /// <summary>
    /// Validates a notification configuration: at least one of <c>in_app</c> (up to 10 user SIDs, US… or FU…),
    /// <c>webhook</c> (absolute http(s) URLs) and <c>email</c> (addresses), each with a non-empty list.
    /// </summary>
    public static Result<TwilioDestinations> ToDestinations(TwilioConfigRequest r)
    {
        if (r.Destinations is not { } d) return Required("destinations");
        if (d.InApp is null && d.Webhook is null && d.Email is null)
            return CoreError.Validation("destinations", "needs at least one of in_app, webhook or email");
        if (d.InApp is not null)
        {
            var users = d.InApp.Recipients?.UserSids;
            if (users is null || users.Count == 0) return CoreError.Validation("destinations.in_app.recipients.user_sids", "is required and must list at least one user SID");
            if (users.Count > MaxInAppUsers) return CoreError.Validation("destinations.in_app.recipients.user_sids", $"at most {MaxInAppUsers} users can be notified");
            for (var i = 0; i < users.Count; i++)
                if (!TwilioSid.IsValid(users[i], "US") && !TwilioSid.IsValid(users[i], "FU"))
                    return CoreError.Validation($"destinations.in_app.recipients.user_sids[{i}]", $"'{users[i]}' is not a user SID (US or FU followed by 32 hex digits)");
        }
        if (d.Webhook is not null)
        {
            var endpoints = d.Webhook.Endpoints;
            if (endpoints is null || endpoints.Count == 0) return CoreError.Validation("destinations.webhook.endpoints", "is required and must list at least one URL");
            for (var i = 0; i < endpoints.Count; i++)
                if (!Uri.TryCreate(endpoints[i], UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                    return CoreError.Validation($"destinations.webhook.endpoints[{i}]", $"'{endpoints[i]}' is not an absolute http or https URL");
        }
        if (d.Email is not null)
        {
            var emails = d.Email.EmailRecipients;
            if (emails is null || emails.Count == 0) return CoreError.Validation("destinations.email.email_recipients", "is required and must list at least one address");
            for (var i = 0; i < emails.Count; i++)
                if (emails[i] is not { } e || !System.Net.Mail.MailAddress.TryCreate(e, out _))
                    return CoreError.Validation($"destinations.email.email_recipients[{i}]", $"'{emails[i]}' is not an email address");
        }
        return d;
    }

    public static TwilioConfig ToDto(Tocsin.Storage.TwilioConfigRow row, string accountSid, string baseUrl) => new(
        row.Ttid, accountSid, row.InstanceSid, JsonSerializer.Deserialize(row.Body, TwilioJson.Default.TwilioDestinations)!,
        Iso(row.CreatedAt), Iso(row.UpdatedAt), $"{baseUrl}/v1/Instances/{row.InstanceSid}/NotificationConfigurations/{row.Ttid}");

    private const string CrockfordAlphabet = "0123456789abcdefghjkmnpqrstvwxyz";
    private static readonly System.Buffers.SearchValues<char> Crockford = System.Buffers.SearchValues.Create(CrockfordAlphabet);

    private static CoreError Required(string field) => CoreError.Validation(field, "is required");

    private static Threshold ToThreshold(TwilioThreshold t) =>
        new(t.ThresholdOperator == GreaterThan ? ComparisonOp.Greater : ComparisonOp.Less, t.ThresholdValue!.Value);

    private static Threshold Unreachable(TwilioThreshold warning) => warning.ThresholdOperator == GreaterThan
        ? new Threshold(ComparisonOp.Greater, double.MaxValue)
        : new Threshold(ComparisonOp.Less, double.MinValue);

    /// <summary>A filter-language string literal: backslash and quote escaped.</summary>
    private static string Quote(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    public static string SerializeBody(TwilioRuleBody body) => JsonSerializer.Serialize(body, TwilioJson.Default.TwilioRuleBody);

    public static TwilioRuleBody DeserializeBody(string json) => JsonSerializer.Deserialize(json, TwilioJson.Default.TwilioRuleBody)
        ?? throw new InvalidOperationException("stored Twilio rule body is null");
}
