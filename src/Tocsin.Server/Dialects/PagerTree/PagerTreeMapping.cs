using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Server.Api.Alerts;

namespace Tocsin.Server.Dialects.PagerTree;

internal enum PagerTreeDestinationKind { User, Team, Policy, Source, Router }

/// <summary>
/// A destination id: <c>usr_&lt;n&gt;</c> user, <c>tem_&lt;n&gt;</c> team, <c>skd_&lt;n&gt;</c> escalation policy (PagerTree's
/// escalation-layer schedule), <c>int_&lt;n&gt;</c> alert source (PagerTree's integration; its policy escalates),
/// <c>rtr_&lt;n&gt;</c> router (resolved to a team or user when the alert is created).
/// </summary>
internal readonly record struct PagerTreeDestination(PagerTreeDestinationKind Kind, long Id)
{
    public override string ToString() => PagerTreeMapping.Prefix(Kind) + Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a create becomes: the core event plus where to route a newly created alert.</summary>
internal sealed record PagerTreeCreate(AlertEvent Event, IReadOnlyList<PagerTreeDestination> Destinations, long? ParentId);

/// <summary>
/// Pure mapping between PagerTree's alert API (#10) and the core. Ids are reversible: <c>alt_&lt;alert id&gt;</c>,
/// <c>usr_&lt;user id&gt;</c>... Fields the core has no column for (type, subtype, destination_ids, additional_data,
/// stakeholder_ids, broadcast responses) travel as <c>pagertree.*</c> labels, so they round-trip through the native API too.
/// </summary>
internal static class PagerTreeMapping
{
    public const string Source = "pagertree";
    public const string LabelDestinations = "pagertree.destination_ids";
    public const string LabelType = "pagertree.type";
    public const string LabelSubtype = "pagertree.subtype";
    public const string LabelAdditionalData = "pagertree.additional_data";
    public const string LabelStakeholders = "pagertree.stakeholder_ids";
    public const string LabelResponses = "pagertree.responses";
    public const string LabelResponseRequested = "pagertree.response_requested";
    /// <summary>The team a router (<c>rtr_</c>) picked, so <c>d_team_id</c> shows where the alert landed.</summary>
    public const string LabelRoutedTeam = "pagertree.routed_team";
    public const int MaxDestinations = 20;
    public const int MaxListItems = 100;

    public static readonly string[] AlertTypes = ["admin", "alert", "event", "campaign", "billing", "selfservice"];
    public static readonly string[] UserSubtypes = ["alert", "broadcast", "page"];
    public static readonly string[] AdditionalDataTypes = ["text", "link", "img", "email", "email[]"];
    public static readonly string[] Severities = ["SEV-1", "SEV-2", "SEV-3", "SEV-4", "SEV-5"];

    // ---- ids ----

    public static string AlertId(long id) => "alt_" + id.ToString(CultureInfo.InvariantCulture);
    public static string UserId(long id) => "usr_" + id.ToString(CultureInfo.InvariantCulture);
    public static string TeamId(long id) => "tem_" + id.ToString(CultureInfo.InvariantCulture);
    public static string AccountId(Guid tenantId) => "acc_" + tenantId.ToString("N");

    public static string Prefix(PagerTreeDestinationKind kind) => kind switch
    {
        PagerTreeDestinationKind.User => "usr_",
        PagerTreeDestinationKind.Team => "tem_",
        PagerTreeDestinationKind.Policy => "skd_",
        PagerTreeDestinationKind.Source => "int_",
        PagerTreeDestinationKind.Router => "rtr_",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseAlertId(string? text, out long id) => TryParse(text, "alt_", out id);
    public static bool TryParseUserId(string? text, out long id) => TryParse(text, "usr_", out id);
    public static bool TryParseTeamId(string? text, out long id) => TryParse(text, "tem_", out id);
    public static bool TryParseRouterId(string? text, out long id) => TryParse(text, "rtr_", out id);
    public static string RouterId(long id) => "rtr_" + id.ToString(CultureInfo.InvariantCulture);

    private static bool TryParse(string? text, string prefix, out long id)
    {
        id = 0;
        return text is not null && text.StartsWith(prefix, StringComparison.Ordinal) &&
               long.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
    }

    public static Result<PagerTreeDestination> ParseDestination(string? text, string field)
    {
        if (text is null || text.Length < 5 || text[3] != '_') return Invalid(field, $"'{text}' is not a PagerTree id such as tem_1 or usr_2");
        Result<PagerTreeDestinationKind> kind = text[..4] switch
        {
            "usr_" => PagerTreeDestinationKind.User,
            "tem_" => PagerTreeDestinationKind.Team,
            "skd_" => PagerTreeDestinationKind.Policy,
            "int_" => PagerTreeDestinationKind.Source,
            "rtr_" => PagerTreeDestinationKind.Router,
            _ => Invalid(field, $"'{text}' is not a user (usr_), team (tem_), router (rtr_), policy (skd_) or source (int_) id"),
        };
        if (!kind.IsOk) return kind.Error!;
        return TryParse(text, Prefix(kind.Value), out var id) ? new PagerTreeDestination(kind.Value, id) : Invalid(field, $"'{text}' is not a valid id");
    }

    // ---- vocabularies ----

    /// <summary>DESIGN "One vocabulary": core status → PagerTree status.</summary>
    public static string ToStatus(AlertStatus status) => status switch
    {
        AlertStatus.Triggered => "open",
        AlertStatus.Acknowledged => "acknowledged",
        AlertStatus.Resolved => "resolved",
        AlertStatus.Dropped => "dropped",
        AlertStatus.Archived => "archived",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// A list filter value. PagerTree's suppressed/aggregating/routable/errored are valid but never occur in Tocsin, so
    /// they match nothing (an empty list); anything else is an error.
    /// </summary>
    public static Result<AlertStatus?> ParseStatus(string text) => text switch
    {
        "open" => AlertStatus.Triggered,
        "acknowledged" => AlertStatus.Acknowledged,
        "resolved" => AlertStatus.Resolved,
        "dropped" => AlertStatus.Dropped,
        "archived" => AlertStatus.Archived,
        "suppressed" or "aggregating" or "routable" or "errored" => Result<AlertStatus?>.Ok(null),
        _ => Invalid("status", $"'{text}' is not one of open, acknowledged, resolved, dropped, archived, suppressed, aggregating, routable, errored"),
    };

    /// <summary>PagerTree urgency ↔ core priority. Core <c>info</c> has no PagerTree name and shows as <c>low</c>.</summary>
    public static string ToUrgency(Priority p) => p switch
    {
        Priority.Critical => "critical",
        Priority.High => "high",
        Priority.Medium => "medium",
        Priority.Low or Priority.Info => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, null),
    };

    public static Result<Priority> ParseUrgency(string text) => text switch
    {
        "critical" => Priority.Critical,
        "high" => Priority.High,
        "medium" => Priority.Medium,
        "low" => Priority.Low,
        _ => Invalid("urgency", $"'{text}' is not one of low, medium, high, critical"),
    };

    /// <summary>Who did something, as PagerTree shows it: users as <c>usr_</c>; API keys without a user as <c>key_</c>; integrations as <c>int_</c>.</summary>
    public static string? ActorId(Actor actor) => actor.Kind switch
    {
        ActorKind.User => "usr_" + actor.Id,
        ActorKind.ApiKey => "key_" + actor.Id,
        ActorKind.Integration => "int_" + actor.Id,
        ActorKind.System => null,
        _ => throw new ArgumentOutOfRangeException(nameof(actor), actor, null),
    };

    // ---- requests ----

    public static Result<PagerTreeCreate> ToCreate(PagerTreeAlertRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Title)) return Invalid("title", "'title' is a required parameter");
        if (r.DestinationIds is null || r.DestinationIds.Count == 0) return Invalid("destination_ids", "'destination_ids' is a required parameter");
        var destinations = ParseDestinations(r.DestinationIds);
        if (!destinations.IsOk) return destinations.Error!;
        var common = Validate(r);
        if (common is not null) return common;
        var priority = Priority.Medium; // PagerTree's default urgency
        if (r.Urgency is not null)
        {
            var u = ParseUrgency(r.Urgency);
            if (!u.IsOk) return u.Error!;
            priority = u.Value;
        }
        long? parent = null;
        if (r.ParentId is not null)
        {
            if (!TryParseAlertId(r.ParentId, out var p)) return Invalid("parent_id", $"'{r.ParentId}' is not an alert id (alt_…)");
            parent = p;
        }
        var source = destinations.Value!.FirstOrDefault(d => d.Kind == PagerTreeDestinationKind.Source);
        var labels = Labels(r, new Dictionary<string, string>(StringComparer.Ordinal), destinations.Value!);
        var spec = new NewAlert
        {
            Title = r.Title,
            Details = r.Description,
            Source = source == default ? Source : null, // a source destination names itself (core PlanAsync)
            SourceId = source == default ? null : source.Id,
            Priority = priority,
            PriorityGiven = r.Urgency is not null,
            Labels = labels,
            Tags = r.Tags,
            Meta = r.Meta is null ? null : (JsonObject)r.Meta.DeepClone(),
            ParentId = parent,
        };
        var dedup = string.IsNullOrEmpty(r.ThirdpartyId) ? null : r.ThirdpartyId;
        return new PagerTreeCreate(new AlertEvent(EventAction.Trigger, dedup, spec), destinations.Value!, parent);
    }

    /// <summary>
    /// PUT: present fields replace, absent ones stay. Routing and the dedup key are not editable here (handoff re-routes);
    /// sending them back unchanged, as a client echoing an alert object does, is fine.
    /// </summary>
    public static Result<AlertPatch> ToPatch(PagerTreeAlertRequest r, Alert current)
    {
        if (r.Title is not null && string.IsNullOrWhiteSpace(r.Title)) return Invalid("title", "'title' must not be empty");
        var common = Validate(r);
        if (common is not null) return common;
        Priority? priority = null;
        if (r.Urgency is not null)
        {
            var u = ParseUrgency(r.Urgency);
            if (!u.IsOk) return u.Error!;
            // info shows as low; echoing "low" back must not demote it.
            if (ToUrgency(current.Priority) != r.Urgency) priority = u.Value;
        }
        if (r.DestinationIds is not null && !r.DestinationIds.SequenceEqual(Destinations(current)))
            return Invalid("destination_ids", "'destination_ids' cannot be changed by an update; use POST /alert/:id/handoff");
        if (r.ThirdpartyId is not null && r.ThirdpartyId != (current.DedupKey ?? ""))
            return Invalid("thirdparty_id", "'thirdparty_id' cannot be changed after create");
        if (r.ParentId is not null && r.ParentId != (current.ParentId is { } p ? AlertId(p) : ""))
            return Invalid("parent_id", "'parent_id' cannot be changed after create");
        var labels = Labels(r, new Dictionary<string, string>(current.Labels, StringComparer.Ordinal), null);
        return new AlertPatch(Title: r.Title, Details: r.Description, Priority: priority, Labels: labels, Tags: r.Tags,
            Meta: r.Meta is null ? null : (JsonObject)r.Meta.DeepClone());
    }

    public static Result<PagerTreeDestination> ToHandoff(PagerTreeHandoffRequest r)
    {
        if (string.IsNullOrEmpty(r.To)) return Invalid("to", "'to' is a required parameter");
        var d = ParseDestination(r.To, "to");
        if (!d.IsOk) return d;
        return d.Value.Kind is PagerTreeDestinationKind.User or PagerTreeDestinationKind.Team
            ? d : Invalid("to", $"'{r.To}': hand off to a user (usr_) or team (tem_)");
    }

    private static Result<IReadOnlyList<PagerTreeDestination>> ParseDestinations(List<string> ids)
    {
        if (ids.Count > MaxDestinations) return Invalid("destination_ids", $"at most {MaxDestinations} destinations");
        var list = new List<PagerTreeDestination>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var d = ParseDestination(ids[i], $"destination_ids[{i}]");
            if (!d.IsOk) return d.Error!;
            if (!list.Contains(d.Value)) list.Add(d.Value);
        }
        // One alert follows one escalation in Tocsin: a team, a policy or a source's policy, not several at once.
        if (list.Count(d => d.Kind != PagerTreeDestinationKind.User) > 1)
            return Invalid("destination_ids", "Tocsin routes an alert through at most one team (tem_), router (rtr_), policy (skd_) or source (int_); users (usr_) may be added");
        return list;
    }

    private static CoreError? Validate(PagerTreeAlertRequest r)
    {
        if (r.Title is { Length: > AlertRequestMapping.MaxTitle }) return Invalid("title", $"'title' must be at most {AlertRequestMapping.MaxTitle} characters");
        if (r.Description is { Length: > AlertRequestMapping.MaxDetails }) return Invalid("description", $"'description' must be at most {AlertRequestMapping.MaxDetails} characters");
        if (r.ThirdpartyId is { Length: > AlertRequestMapping.MaxKey }) return Invalid("thirdparty_id", $"'thirdparty_id' must be at most {AlertRequestMapping.MaxKey} characters");
        if (r.Type is not null && !AlertTypes.Contains(r.Type)) return Invalid("type", $"'{r.Type}' is not one of {string.Join(", ", AlertTypes)}");
        if (r.Subtype is not null && !UserSubtypes.Contains(r.Subtype)) return Invalid("subtype", $"'{r.Subtype}' is not one of {string.Join(", ", UserSubtypes)}");
        if (r.Tags is { } tags && (tags.Count > 64 || tags.Any(t => string.IsNullOrEmpty(t) || t.Length > 255)))
            return Invalid("tags", "'tags' must be at most 64 non-empty strings of at most 255 characters");
        if (r.AdditionalData is { } data)
            for (var i = 0; i < data.Count; i++)
                if (data[i] is null || data[i].Type is not { } t || !AdditionalDataTypes.Contains(t))
                    return Invalid($"additional_data[{i}].type", $"must be one of {string.Join(", ", AdditionalDataTypes)}");
        if (r.StakeholderIds is { } stk && stk.Any(s => s is null || !s.StartsWith("stk_", StringComparison.Ordinal)))
            return Invalid("stakeholder_ids", "every entry must be a stakeholder id (stk_…)");
        return ValidateMeta(r.Meta);
    }

    /// <summary>The incident flags of the seed's notes; other meta keys are free-form.</summary>
    public static CoreError? ValidateMeta(JsonObject? meta)
    {
        if (meta is null) return null;
        if (meta["incident"] is { } incident && incident.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            return Invalid("meta.incident", "'meta.incident' must be true or false");
        if (meta["incident_severity"] is { } sev && (sev.GetValueKind() != JsonValueKind.String || !Severities.Contains(sev.GetValue<string>())))
            return Invalid("meta.incident_severity", "'meta.incident_severity' must be one of SEV-1, SEV-2, SEV-3, SEV-4, SEV-5");
        if (meta["incident_message"] is { } msg && msg.GetValueKind() != JsonValueKind.String)
            return Invalid("meta.incident_message", "'meta.incident_message' must be a string");
        return meta.ToJsonString().Length > 16 * 1024 ? Invalid("meta", "'meta' must be at most 16 KiB") : null;
    }

    private static Dictionary<string, string> Labels(PagerTreeAlertRequest r, Dictionary<string, string> labels, IReadOnlyList<PagerTreeDestination>? destinations)
    {
        if (destinations is not null) labels[LabelDestinations] = string.Join(',', destinations);
        if (r.Type is not null) labels[LabelType] = r.Type;
        if (r.Subtype is not null) labels[LabelSubtype] = r.Subtype;
        if (r.AdditionalData is not null) labels[LabelAdditionalData] = JsonSerializer.Serialize(r.AdditionalData, PagerTreeJson.Default.ListPagerTreeAdditionalData);
        if (r.StakeholderIds is not null) labels[LabelStakeholders] = string.Join(',', r.StakeholderIds);
        if (r.Responses is not null) labels[LabelResponses] = JsonSerializer.Serialize(r.Responses, PagerTreeJson.Default.ListString);
        if (r.ResponseRequested is { } rr) labels[LabelResponseRequested] = rr ? "true" : "false";
        return labels;
    }

    // ---- responses ----

    public static List<string> Destinations(Alert a) =>
        a.Labels.TryGetValue(LabelDestinations, out var d) && d.Length > 0 ? d.Split(',').ToList() : [];

    /// <summary>Renders an alert with its timeline (creator, handoffs, team routing) in PagerTree's shape.</summary>
    public static PagerTreeAlert ToDto(Alert a, IReadOnlyList<TimelineEntry> timeline)
    {
        var destinations = Destinations(a);
        var handoffs = Handoffs(timeline);
        var created = timeline.FirstOrDefault(e => e.Type == TimelineTypes.Created);
        var lastTeam = handoffs.LastOrDefault(h => h.To.StartsWith("tem_", StringComparison.Ordinal))?.To
                       ?? destinations.FirstOrDefault(d => d.StartsWith("tem_", StringComparison.Ordinal))
                       ?? a.Labels.GetValueOrDefault(LabelRoutedTeam);
        return new PagerTreeAlert
        {
            Sid = AccountId(a.TenantId),
            Id = AlertId(a.Id),
            CreatedAt = Iso(a.CreatedAt),
            UpdatedAt = Iso(a.UpdatedAt),
            Meta = a.Meta is null ? [] : (JsonObject)a.Meta.DeepClone(),
            TinyId = a.Number,
            ParentId = a.ParentId is { } p ? AlertId(p) : null,
            ThirdpartyId = a.DedupKey,
            DestinationIds = destinations,
            Title = a.Title,
            Description = a.Details,
            Type = a.Labels.GetValueOrDefault(LabelType, "alert"),
            Subtype = a.Labels.GetValueOrDefault(LabelSubtype, "alert"),
            Status = ToStatus(a.Status),
            Urgency = ToUrgency(a.Priority),
            DTeamId = lastTeam,
            DUserId = a.AssigneeUserId is { } u ? UserId(u) : null,
            Created = a.CreatedAt.ToUnixTimeSeconds(),
            Acknowledged = a.AcknowledgedAt?.ToUnixTimeSeconds(),
            AcknowledgedBy = a.AcknowledgedBy is { } ab ? ActorId(ab) : null,
            Resolved = a.ResolvedAt?.ToUnixTimeSeconds(),
            ResolvedBy = a.ResolvedBy is { } rb ? ActorId(rb) : null,
            Archived = a.ArchivedAt?.ToUnixTimeSeconds(),
            ArchivedBy = a.ArchivedBy is { } arb ? ActorId(arb) : null,
            SourceId = a.SourceId is { } s ? "int_" + s.ToString(CultureInfo.InvariantCulture) : created is null ? null : ActorId(created.Actor),
            ResponseRequested = a.Labels.GetValueOrDefault(LabelResponseRequested) == "true",
            Responses = a.Labels.TryGetValue(LabelResponses, out var rs) ? JsonSerializer.Deserialize(rs, PagerTreeJson.Default.ListString) ?? [] : [],
            ResponsesRecorded = [], // Tocsin records no broadcast answers (docs/dialects/pagertree.md)
            Tags = a.Tags,
            AdditionalData = a.Labels.TryGetValue(LabelAdditionalData, out var ad) ? JsonSerializer.Deserialize(ad, PagerTreeJson.Default.ListPagerTreeAdditionalData) ?? [] : [],
            StakeholderIds = a.Labels.TryGetValue(LabelStakeholders, out var st) && st.Length > 0 ? st.Split(',').ToList() : [],
            Handoffs = handoffs,
        };
    }

    /// <summary>Handoff timeline entries; <c>acknowledged</c> is the first acknowledgement after each handoff.</summary>
    public static List<PagerTreeHandoff> Handoffs(IReadOnlyList<TimelineEntry> timeline)
    {
        var list = new List<PagerTreeHandoff>();
        for (var i = 0; i < timeline.Count; i++)
        {
            var e = timeline[i];
            if (e.Type != EscalationTimeline.Handoff || e.Vars is null) continue;
            var ack = timeline.Skip(i + 1).FirstOrDefault(x => x.Type == TimelineTypes.Acknowledged);
            list.Add(new PagerTreeHandoff(Target(e.Vars.GetValueOrDefault("to", "")), ActorId(Actor.Parse(e.Vars.GetValueOrDefault("from"))),
                e.At.ToUnixTimeSeconds(), ack?.At.ToUnixTimeSeconds()));
        }
        return list;
    }

    /// <summary>Users paged by the latest escalation step, plus the assignee: who has an "open notification" to reject.</summary>
    public static bool HasOpenNotification(Alert a, IReadOnlyList<TimelineEntry> timeline, long userId)
    {
        if (a.AssigneeUserId == userId) return true;
        var last = timeline.LastOrDefault(e => e.Type == EscalationTimeline.Escalated);
        var users = last?.Vars?.GetValueOrDefault("users") ?? "";
        return users.Split(',').Contains(userId.ToString(CultureInfo.InvariantCulture));
    }

    private static string Target(string stored) =>
        stored.StartsWith("team:", StringComparison.Ordinal) ? "tem_" + stored[5..] :
        stored.StartsWith("user:", StringComparison.Ordinal) ? "usr_" + stored[5..] : stored;

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static CoreError Invalid(string field, string message) => CoreError.Validation(field, message);
}
