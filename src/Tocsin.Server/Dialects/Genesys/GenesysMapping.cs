using System.Globalization;
using Tocsin.Core.Alerts;
using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;
using Tocsin.Core.Notifications;
using Tocsin.Core.OnCall;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Dialects.Genesys;

/// <summary>The Genesys fields of an interaction-stats rule, read back from a core <see cref="Rule"/>.</summary>
internal sealed record GenesysRuleShape(
    string Dimension, string DimensionValue, string Metric, string MediaType, string NumericRange, string Statistic, double Value,
    IReadOnlyList<string> AlertTypes);

/// <summary>
/// Pure mapping between Genesys interaction-stats rules and alerts and the core rule/alert model. An interaction-stats rule
/// is a core rule whose condition is <c>group(time(metric)) op value</c> (statistic → aggregations, numericRange → op) and
/// whose filter is <c>dimension = "dimensionValue" and mediaType = "mediaType"</c>; samples arrive on
/// <c>POST /api/v1/metrics</c> named after the metric with labels <c>queueId</c>/<c>userId</c> and <c>mediaType</c>.
/// Unknown vendor values are errors, never defaults.
/// </summary>
internal static class GenesysMapping
{
    public const string Prefix = "/compat/genesys";
    public const string RulesPath = "/api/v2/alerting/interactionstats/rules";
    public const string AlertsPath = "/api/v2/alerting/interactionstats/alerts";
    public const string MediaTypeLabel = "mediaType";
    public const string DescriptionMarker = "Genesys interaction-stats rule; alertTypes=";

    /// <summary>Genesys does not publish its evaluation interval; Tocsin aggregates the last minute every ten seconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan EvaluationStep = TimeSpan.FromSeconds(10);

    public static readonly IReadOnlyList<string> Dimensions = ["queueId", "userId"];
    public static readonly IReadOnlyList<string> Metrics = ["tAbandon", "tAnswered", "tTalk", "nOffered", "tHandle", "nTransferred", "oServiceLevel", "tWait", "tHeld", "tAcw"];
    public static readonly IReadOnlyList<string> MediaTypes = ["voice", "chat", "email", "callback", "message"];
    public static readonly IReadOnlyList<string> AlertTypeValues = ["SMS", "DEVICE", "EMAIL"];
    public static readonly IReadOnlyList<string> NumericRanges = ["gt", "gte", "lt", "lte", "eq", "ne"];
    public static readonly IReadOnlyList<string> Statistics = ["count", "min", "ratio", "max"];

    // ---- the one enum table: numericRange ↔ comparison, statistic ↔ (group, time) aggregation ----

    public static ComparisonOp? ToOp(string numericRange) => numericRange switch
    {
        "gt" => ComparisonOp.Greater,
        "gte" => ComparisonOp.GreaterOrEqual,
        "lt" => ComparisonOp.Less,
        "lte" => ComparisonOp.LessOrEqual,
        "eq" => ComparisonOp.Equal,
        "ne" => ComparisonOp.NotEqual,
        _ => null,
    };

    public static string? FromOp(ComparisonOp op) => op switch
    {
        ComparisonOp.Greater => "gt",
        ComparisonOp.GreaterOrEqual => "gte",
        ComparisonOp.Less => "lt",
        ComparisonOp.LessOrEqual => "lte",
        ComparisonOp.Equal => "eq",
        ComparisonOp.NotEqual => "ne",
        _ => null,
    };

    /// <summary>count: samples in the window, summed over series; min/max: extremes; ratio: the mean of ratio samples (e.g. oServiceLevel).</summary>
    public static (GroupAggregation Group, TimeAggregation Time)? ToAggregation(string statistic) => statistic switch
    {
        "count" => (GroupAggregation.Sum, TimeAggregation.Count),
        "min" => (GroupAggregation.Min, TimeAggregation.Min),
        "max" => (GroupAggregation.Max, TimeAggregation.Max),
        "ratio" => (GroupAggregation.Avg, TimeAggregation.Avg),
        _ => null,
    };

    public static string? FromAggregation(GroupAggregation group, TimeAggregation time) => (group, time) switch
    {
        (GroupAggregation.Sum, TimeAggregation.Count) => "count",
        (GroupAggregation.Min, TimeAggregation.Min) => "min",
        (GroupAggregation.Max, TimeAggregation.Max) => "max",
        (GroupAggregation.Avg, TimeAggregation.Avg) => "ratio",
        _ => null,
    };

    // ---- ids: a GUID whose first group names the kind and whose last 64 bits are the core id ----

    public const uint RuleKind = 0x72756c65; // "rule"
    public const uint AlertKind = 0x616c7274; // "alrt"
    public const uint UserKind = 0x75736572; // "user"

    public static string ToGuid(uint kind, long id)
    {
        var hex = ((ulong)id).ToString("x16", CultureInfo.InvariantCulture);
        return $"{kind:x8}-0000-4000-{hex[..4]}-{hex[4..]}";
    }

    /// <summary>Reverses <see cref="ToGuid"/>; anything else (another kind, not a GUID) is not one of ours.</summary>
    public static long? FromGuid(uint kind, string? text)
    {
        if (!Guid.TryParse(text, out var guid)) return null;
        var s = guid.ToString("D");
        if (!s.StartsWith($"{kind:x8}-0000-4000-", StringComparison.Ordinal)) return null;
        var id = (long)ulong.Parse(s[19..23] + s[24..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        return id > 0 ? id : null;
    }

    public static string RuleUri(long id) => $"{Prefix}{RulesPath}/{ToGuid(RuleKind, id)}";
    public static string AlertUri(long id) => $"{Prefix}{AlertsPath}/{ToGuid(AlertKind, id)}";
    public static string UserUri(long id) => $"/api/v1/users/{id.ToString(CultureInfo.InvariantCulture)}";

    // ---- rules ----

    /// <summary>
    /// Builds the core rule a Genesys rule describes. Returns the notification user ids through <see cref="Rule.NotifyUserIds"/>;
    /// whether they exist is the endpoint's check (it needs the directory).
    /// </summary>
    public static GenesysFault? TryToRule(GenesysRule r, Guid tenantId, long id, out Rule rule)
    {
        rule = null!;
        if (string.IsNullOrWhiteSpace(r.Name)) return r.Name is null ? GenesysFault.Missing("name") : GenesysFault.BadRequest("name", "The field [name] must not be empty.");
        if (Enum("dimension", r.Dimension, Dimensions) is { } e1) return e1;
        if (r.DimensionValue is null) return GenesysFault.Missing("dimensionValue");
        if (r.DimensionValue.Length is 0 or > 200) return GenesysFault.BadRequest("dimensionValue", "The field [dimensionValue] must be 1 to 200 characters.");
        if (Enum("metric", r.Metric, Metrics) is { } e2) return e2;
        if (Enum("mediaType", r.MediaType, MediaTypes) is { } e3) return e3;
        if (Enum("numericRange", r.NumericRange, NumericRanges) is { } e4) return e4;
        if (Enum("statistic", r.Statistic, Statistics) is { } e5) return e5;
        if (r.Value is not { } value) return GenesysFault.Missing("value");
        if (!double.IsFinite(value)) return GenesysFault.BadRequest("value", "The field [value] must be a finite number.");

        var alertTypes = new List<string>();
        for (var i = 0; i < (r.AlertTypes?.Count ?? 0); i++)
        {
            var t = r.AlertTypes![i];
            if (t is null || !AlertTypeValues.Contains(t)) return GenesysFault.Invalid($"alertTypes[{i}]", t, string.Join(", ", AlertTypeValues));
            if (!alertTypes.Contains(t)) alertTypes.Add(t);
        }
        var users = new List<long>();
        for (var i = 0; i < (r.NotificationUsers?.Count ?? 0); i++)
        {
            var u = r.NotificationUsers![i];
            if (u?.Id is null) return GenesysFault.Missing($"notificationUsers[{i}].id");
            if (FromGuid(UserKind, u.Id) is not { } userId) return GenesysFault.Invalid($"notificationUsers[{i}].id", u.Id, "the id of a user of this organisation");
            if (!users.Contains(userId)) users.Add(userId);
        }

        var (group, time) = ToAggregation(r.Statistic!)!.Value;
        var condition = new ComparisonCondition(new MetricQuery(group, time, r.Metric!), ToOp(r.NumericRange!)!.Value, value);
        var filter = new AndFilter(new LabelFilter(r.Dimension!, LabelMatch.Equal, r.DimensionValue), new LabelFilter(MediaTypeLabel, LabelMatch.Equal, r.MediaType!));
        rule = new Rule
        {
            Id = id,
            TenantId = tenantId,
            Name = r.Name,
            Description = DescriptionMarker + string.Join(',', alertTypes),
            Enabled = r.Enabled ?? true,
            Condition = ConditionPrinter.Print(condition),
            Filter = ConditionPrinter.Print(filter),
            EvaluationStep = EvaluationStep,
            Window = Window,
            NotifyUserIds = users,
            // #6: alertTypes pick how the notification users are reached: EMAIL and SMS their contact methods, DEVICE the in-app inbox.
            NotifyKinds = alertTypes.Select(t => t switch { "EMAIL" => ChannelKind.Email, "SMS" => ChannelKind.Sms, _ => ChannelKind.InApp }).Distinct().ToList(),
        };
        return null;
    }

    /// <summary>Reads the Genesys fields back from a core rule; null when the rule is not an interaction-stats rule (e.g. made natively).</summary>
    public static GenesysRuleShape? ToShape(Rule rule)
    {
        if (ConditionParser.ParseCondition(rule.Condition) is not { Success: true, Value: ComparisonCondition c }) return null;
        if (ConditionParser.ParseFilter(rule.Filter) is not { Success: true, Value: AndFilter(LabelFilter dim, LabelFilter media) }) return null;
        if (!Metrics.Contains(c.Query.Metric) || !Dimensions.Contains(dim.Label) || dim.Match != LabelMatch.Equal) return null;
        if (media.Label != MediaTypeLabel || media.Match != LabelMatch.Equal || !MediaTypes.Contains(media.Value)) return null;
        if (rule.Critical is not null || rule.Warning is not null || rule.SegmentBy.Count > 0) return null;
        if (FromAggregation(c.Query.EffectiveGroup, c.Query.Time) is not { } statistic || FromOp(c.Op) is not { } range) return null;
        var alertTypes = rule.Description is { } d && d.StartsWith(DescriptionMarker, StringComparison.Ordinal)
            ? d[DescriptionMarker.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(AlertTypeValues.Contains).ToList()
            : [];
        return new GenesysRuleShape(dim.Label, dim.Value, c.Query.Metric, media.Value, range, statistic, c.Threshold, alertTypes);
    }

    public static GenesysRule ToDto(Rule rule, GenesysRuleShape shape, bool inAlarm, List<GenesysUser> users) => new()
    {
        Id = ToGuid(RuleKind, rule.Id),
        Name = rule.Name,
        Dimension = shape.Dimension,
        DimensionValue = shape.DimensionValue,
        Metric = shape.Metric,
        MediaType = shape.MediaType,
        NumericRange = shape.NumericRange,
        Statistic = shape.Statistic,
        Value = shape.Value,
        Enabled = rule.Enabled,
        InAlarm = inAlarm,
        NotificationUsers = users!,
        AlertTypes = [.. shape.AlertTypes],
        SelfUri = RuleUri(rule.Id),
    };

    // ---- alerts ----

    /// <summary>The rule an alert was raised by, from the <c>rule_id</c> label the rules engine puts on it.</summary>
    public static long? RuleIdOf(Alert alert) =>
        alert.Source == RuleAlertMapping.Source && alert.Labels.TryGetValue(RuleAlertMapping.RuleIdLabel, out var text)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>Active while triggered, acknowledged or dropped; resolved and archived alerts have an <c>endDate</c> (DESIGN table).</summary>
    public static DateTimeOffset? EndDate(Alert alert) => alert.Status switch
    {
        AlertStatus.Resolved => alert.ResolvedAt ?? alert.UpdatedAt,
        AlertStatus.Archived => alert.ResolvedAt ?? alert.ArchivedAt ?? alert.UpdatedAt,
        _ => null,
    };

    public static GenesysAlert ToDto(Alert alert, Rule rule, GenesysRuleShape shape, bool unread, List<GenesysUser> users) => new()
    {
        Id = ToGuid(AlertKind, alert.Id),
        Name = rule.Name,
        Dimension = shape.Dimension,
        DimensionValue = shape.DimensionValue,
        Metric = shape.Metric,
        MediaType = shape.MediaType,
        NumericRange = shape.NumericRange,
        Statistic = shape.Statistic,
        Value = shape.Value,
        RuleId = ToGuid(RuleKind, rule.Id),
        Unread = unread,
        StartDate = Date(alert.CreatedAt),
        EndDate = EndDate(alert) is { } end ? Date(end) : null,
        NotificationUsers = users,
        AlertTypes = [.. shape.AlertTypes],
        RuleUri = RuleUri(rule.Id),
        SelfUri = AlertUri(alert.Id),
    };

    /// <summary>ISO-8601 UTC with milliseconds and Z, as Genesys writes dates.</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    // ---- users ----

    public static GenesysUser ToUserRef(long id) => new() { Id = ToGuid(UserKind, id), SelfUri = UserUri(id) };

    public static GenesysUser ToUser(User user) => new()
    {
        Id = ToGuid(UserKind, user.Id),
        Name = user.Name,
        Email = user.Email,
        PrimaryContactInfo = user.Email is null ? [] : [new GenesysContact(user.Email, "EMAIL", "PRIMARY")],
        State = "active",
        Version = 1,
        SelfUri = UserUri(user.Id),
    };

    // ---- query parameters ----

    /// <summary><c>expand</c> comma-joined (JS SDK) or repeated (others); only <c>notificationUsers</c> exists.</summary>
    public static GenesysFault? TryParseExpand(IEnumerable<string?> values, out bool notificationUsers)
    {
        notificationUsers = false;
        foreach (var raw in values)
            foreach (var part in (raw ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part != "notificationUsers") return GenesysFault.Invalid("expand", part, "notificationUsers");
                notificationUsers = true;
            }
        return null;
    }

    /// <summary>Paging: without parameters everything is on page 1 (the SDKs send none); given ones are honoured.</summary>
    public static GenesysFault? TryParsePaging(string? pageSize, string? pageNumber, out int? size, out int number)
    {
        size = null;
        number = 1;
        if (pageSize is not null)
        {
            if (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || s is < 1 or > 10_000)
                return GenesysFault.Invalid("pageSize", pageSize, "an integer from 1 to 10000");
            size = s;
        }
        if (pageNumber is not null && (!int.TryParse(pageNumber, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
            return GenesysFault.Invalid("pageNumber", pageNumber, "an integer of at least 1");
        return null;
    }

    public const int DefaultPageSize = 25;

    public static GenesysContainer<T> Page<T>(IReadOnlyList<T> all, int? requestedSize, int pageNumber, string path)
    {
        var size = requestedSize ?? Math.Max(DefaultPageSize, all.Count);
        var pageCount = Math.Max(1, (all.Count + size - 1) / size);
        var items = all.Skip((int)Math.Min(int.MaxValue, (long)(pageNumber - 1) * size)).Take(size).ToList();
        string Uri(int n) => $"{Prefix}{path}?pageSize={size.ToString(CultureInfo.InvariantCulture)}&pageNumber={n.ToString(CultureInfo.InvariantCulture)}";
        return new GenesysContainer<T>
        {
            Entities = items,
            PageSize = size,
            PageNumber = pageNumber,
            Total = all.Count,
            PageCount = pageCount,
            FirstUri = Uri(1),
            SelfUri = Uri(pageNumber),
            NextUri = pageNumber < pageCount ? Uri(pageNumber + 1) : null,
            PreviousUri = pageNumber > 1 ? Uri(Math.Min(pageNumber - 1, pageCount)) : null,
            LastUri = Uri(pageCount),
        };
    }

    private static GenesysFault? Enum(string field, string? value, IReadOnlyList<string> allowed) =>
        value is null ? GenesysFault.Missing(field)
        : allowed.Contains(value) ? null
        : GenesysFault.Invalid(field, value, string.Join(", ", allowed));
}
