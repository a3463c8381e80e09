using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;
using Tocsin.Server.Api.Alerts;

namespace Tocsin.Server.Dialects.Ilert;

/// <summary>What rendering an alert needs besides the alert: the tenant's sources, policies and users, escalation rows, the clock.</summary>
internal sealed record IlertAlertContext(
    IReadOnlyDictionary<long, AlertSource> Sources,
    IReadOnlyDictionary<long, EscalationPolicy> Policies,
    IReadOnlyDictionary<long, User> Users,
    IReadOnlyDictionary<long, EscalationState> Escalations,
    EscalationDirectory Directory,
    string BaseUrl);

/// <summary>
/// Pure mapping between ilert's vocabulary and the core's. Vendor values come in through switch expressions whose default
/// is an error; core values go out total, so a new core value can never break a read.
/// </summary>
internal static class IlertMapping
{
    public const string Source = "ilert";
    public const int MaxResults = 100;
    public const int DefaultResults = 50;

    // --- status (DESIGN "One vocabulary, five dialects") ---

    public static string ToIlertStatus(AlertStatus s) => s switch
    {
        AlertStatus.Acknowledged => "ACCEPTED",
        AlertStatus.Resolved or AlertStatus.Archived => "RESOLVED",
        _ => "PENDING", // Triggered, and Dropped: escalation exhausted but nobody accepted
    };

    public static Result<AlertStatus[]> FromIlertState(string? state) => state switch
    {
        "PENDING" => new[] { AlertStatus.Triggered, AlertStatus.Dropped },
        "ACCEPTED" => new[] { AlertStatus.Acknowledged },
        "RESOLVED" => new[] { AlertStatus.Resolved, AlertStatus.Archived },
        _ => CoreError.Validation("states", $"unknown state '{state}', expected PENDING, ACCEPTED or RESOLVED"),
    };

    // --- priority: ilert has two levels; the core's upper two are HIGH ---

    public static string ToIlertPriority(Priority p) => p is Priority.Critical or Priority.High ? "HIGH" : "LOW";

    public static Result<Priority> FromIlertPriority(string? priority) => priority switch
    {
        "HIGH" => Priority.High,
        "LOW" => Priority.Low,
        _ => CoreError.Validation("priority", $"unknown priority '{priority}', expected HIGH or LOW"),
    };

    // --- alert sources ---

    public static string ToIlertPriorityRule(PriorityRule r) => r switch
    {
        PriorityRule.Low => "LOW",
        PriorityRule.HighDuringSupportHours => "HIGH_DURING_SUPPORT_HOURS",
        PriorityRule.LowDuringSupportHours => "LOW_DURING_SUPPORT_HOURS",
        _ => "HIGH",
    };

    public static Result<PriorityRule> FromIlertPriorityRule(string? rule) => rule switch
    {
        null or "HIGH" => PriorityRule.High,
        "LOW" => PriorityRule.Low,
        "HIGH_DURING_SUPPORT_HOURS" => PriorityRule.HighDuringSupportHours,
        "LOW_DURING_SUPPORT_HOURS" => PriorityRule.LowDuringSupportHours,
        _ => CoreError.Validation("alertPriorityRule", $"unknown alertPriorityRule '{rule}'"),
    };

    /// <summary>
    /// ilert's default ONE_ALERT_PER_EMAIL is "a new alert per event, deduplicated by alertKey", which is Tocsin's one open alert
    /// per key. Tocsin's one-alert-per-event (no dedup at all) has no ilert name and renders as the default.
    /// </summary>
    public static string ToIlertAlertCreation(AlertCreationMode m) => m switch
    {
        AlertCreationMode.OneOpenAlertPerSource => "ONE_OPEN_ALERT_ALLOWED",
        AlertCreationMode.OnePendingAlert => "ONE_PENDING_ALERT_ALLOWED",
        AlertCreationMode.OneAlertGroupedPerWindow => "ONE_ALERT_GROUPED_PER_WINDOW",
        AlertCreationMode.OneAlertPerSummary => "ONE_ALERT_PER_EMAIL_SUBJECT",
        AlertCreationMode.OpenResolveOnExtraction => "OPEN_RESOLVE_ON_EXTRACTION",
        AlertCreationMode.IntelligentGrouping => "INTELLIGENT_GROUPING",
        _ => "ONE_ALERT_PER_EMAIL",
    };

    /// <summary>Every ilert mode, with the deprecated INCIDENT spellings; an event's summary is what the e-mail modes call its subject.</summary>
    public static Result<AlertCreationMode> FromIlertAlertCreation(string? mode) => mode switch
    {
        null or "ONE_ALERT_PER_EMAIL" or "ONE_INCIDENT_PER_EMAIL" => AlertCreationMode.OneOpenAlertPerKey,
        "ONE_OPEN_ALERT_ALLOWED" or "ONE_OPEN_INCIDENT_ALLOWED" => AlertCreationMode.OneOpenAlertPerSource,
        "ONE_PENDING_ALERT_ALLOWED" or "ONE_PENDING_INCIDENT_ALLOWED" => AlertCreationMode.OnePendingAlert,
        "ONE_ALERT_GROUPED_PER_WINDOW" => AlertCreationMode.OneAlertGroupedPerWindow,
        "ONE_ALERT_PER_EMAIL_SUBJECT" or "ONE_INCIDENT_PER_EMAIL_SUBJECT" => AlertCreationMode.OneAlertPerSummary,
        "OPEN_RESOLVE_ON_EXTRACTION" => AlertCreationMode.OpenResolveOnExtraction,
        "INTELLIGENT_GROUPING" => AlertCreationMode.IntelligentGrouping,
        _ => CoreError.Validation("alertCreation", $"unknown alertCreation '{mode}'"),
    };

    public static string? ToIsoDuration(TimeSpan? d) => d is { } t ? XmlConvert.ToString(t) : null;

    public static Result<TimeSpan?> FromIsoDuration(string? text, string field)
    {
        if (string.IsNullOrEmpty(text)) return (TimeSpan?)null;
        try { return (TimeSpan?)XmlConvert.ToTimeSpan(text); }
        catch (FormatException) { return CoreError.Validation(field, $"'{text}' is not an ISO-8601 duration such as PT30M"); }
    }

    private static readonly (string Name, DayOfWeek Day)[] Days =
    [
        ("MONDAY", DayOfWeek.Monday), ("TUESDAY", DayOfWeek.Tuesday), ("WEDNESDAY", DayOfWeek.Wednesday), ("THURSDAY", DayOfWeek.Thursday),
        ("FRIDAY", DayOfWeek.Friday), ("SATURDAY", DayOfWeek.Saturday), ("SUNDAY", DayOfWeek.Sunday),
    ];

    /// <summary>Tocsin keeps support hours inline on the source, so they have no id of their own; ilert's one window per day is the first window.</summary>
    public static IlertSupportHours? ToIlertSupportHours(AlertSource s)
    {
        if (s.SupportHours is not { } h) return null;
        var days = new Dictionary<string, IlertSupportDay>();
        foreach (var (name, day) in Days)
            foreach (var w in h.Windows.Where(w => w.Day is null || w.Day == day).Take(1))
                days[name] = new IlertSupportDay(w.Start.ToString("HH:mm:ss", CultureInfo.InvariantCulture), w.End.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        return new IlertSupportHours(null, $"{s.Name} support hours", h.TimeZone, days);
    }

    public static Result<SupportHours?> FromIlertSupportHours(IlertSupportHours? h)
    {
        if (h is null) return (SupportHours?)null;
        if (h.SupportDays is null || h.Timezone is null)
            return CoreError.Validation("supportHours", "support hours are kept on the source: send timezone and supportDays inline (references by id are not supported)");
        var windows = new List<TimeWindow>();
        foreach (var (name, value) in h.SupportDays)
        {
            var day = Days.FirstOrDefault(d => d.Name == name);
            if (day.Name is null) return CoreError.Validation($"supportHours.supportDays.{name}", "expected MONDAY … SUNDAY");
            if (!TimeOnly.TryParse(value.Start, CultureInfo.InvariantCulture, out var start) || !TimeOnly.TryParse(value.End, CultureInfo.InvariantCulture, out var end))
                return CoreError.Validation($"supportHours.supportDays.{name}", "start and end must be times such as 08:00 or 17:30:00");
            windows.Add(TimeWindow.Weekly(day.Day, start, end));
        }
        return new SupportHours(h.Timezone, windows);
    }

    public static IlertAlertSource ToIlertSource(AlertSource s, IReadOnlyDictionary<long, EscalationPolicy> policies, IReadOnlyDictionary<long, User> users, string baseUrl) => new(
        s.Id, s.Name, [],
        s.EscalationPolicyId is { } p && policies.TryGetValue(p, out var policy) ? ToIlertPolicy(policy, users) : null,
        "API", s.IntegrationKey, $"{baseUrl}/compat/ilert/api/v1/events/api/{s.IntegrationKey}",
        ToIsoDuration(s.AutoResolveTimeout), ToIsoDuration(s.GroupingWindow), ToIlertAlertCreation(s.CreationMode), true,
        ToIlertPriorityRule(s.PriorityRule), ToIlertSupportHours(s), false, s.ScoreThreshold);

    /// <summary>ilert requires name, integrationType and escalationPolicy; integrationType is accepted and not stored (every Tocsin source is "API").</summary>
    public static Result<AlertSource> FromIlertSource(IlertAlertSource dto, long id)
    {
        if (string.IsNullOrWhiteSpace(dto.Name)) return CoreError.Validation("name", "is required");
        if (string.IsNullOrWhiteSpace(dto.IntegrationType)) return CoreError.Validation("integrationType", "is required");
        if (dto.EscalationPolicy?.Id is not { } policyId) return CoreError.Validation("escalationPolicy", "is required: {\"id\": <policy id>}");
        var rule = FromIlertPriorityRule(dto.AlertPriorityRule);
        if (!rule.IsOk) return rule.Error!;
        var creation = FromIlertAlertCreation(dto.AlertCreation);
        if (!creation.IsOk) return creation.Error!;
        var autoResolve = FromIsoDuration(dto.AutoResolutionTimeout, "autoResolutionTimeout");
        if (!autoResolve.IsOk) return autoResolve.Error!;
        var window = FromIsoDuration(dto.AlertGroupingWindow, "alertGroupingWindow");
        if (!window.IsOk) return window.Error!;
        if (AlertCreation.UsesGroupingWindow(creation.Value) != (window.Value is not null))
            return CoreError.Validation("alertGroupingWindow", "is required by, and only applies to, alertCreation ONE_ALERT_GROUPED_PER_WINDOW and INTELLIGENT_GROUPING");
        if (dto.ScoreThreshold is { } score && !(score >= 0 && score <= 1)) return CoreError.Validation("scoreThreshold", "must be between 0 and 1");
        var hours = FromIlertSupportHours(dto.SupportHours);
        if (!hours.IsOk) return hours.Error!;
        // scoreThreshold defaults (0.75) under INTELLIGENT_GROUPING and is dropped under other modes by the core.
        return new AlertSource(id, dto.Name, "", policyId, hours.Value, rule.Value, creation.Value, autoResolve.Value, window.Value, ScoreThreshold: dto.ScoreThreshold);
    }

    // --- escalation policies ---

    public static IlertEscalationPolicy ToIlertPolicy(EscalationPolicy p, IReadOnlyDictionary<long, User> users) => new(
        p.Id, p.Name, p.Rules.Select(r => ToIlertRule(r, users)).ToList(), [], p.Repeat > 0, Math.Max(1, p.Repeat), (int)p.InitialDelay.TotalMinutes, null);

    public static IlertEscalationRule ToIlertRule(EscalationRule r, IReadOnlyDictionary<long, User> users)
    {
        var userRefs = r.Targets.Where(t => t.Kind == TargetKind.User).Select(t => UserRel(t.Id, users)).ToList();
        var schedules = r.Targets.Where(t => t.Kind == TargetKind.Schedule).Select(t => new IlertScheduleRel(t.Id, null, "RECURRING")).ToList();
        var teams = r.Targets.Where(t => t.Kind == TargetKind.Team).Select(t => new IlertTeamRel(t.Id, null)).ToList();
        return new IlertEscalationRule((int)r.Timeout.TotalMinutes,
            userRefs.Count > 0 ? new IlertIdRef(userRefs[0].Id) : null, schedules.Count > 0 ? new IlertIdRef(schedules[0].Id) : null,
            userRefs, schedules, teams.Count > 0 ? teams : null);
    }

    /// <summary><c>repeating</c> with <c>frequency</c> (1–9) is the core's repeat count; <c>delayMin</c> the initial delay.</summary>
    public static Result<EscalationPolicy> FromIlertPolicy(IlertEscalationPolicy dto, long id)
    {
        if (string.IsNullOrWhiteSpace(dto.Name)) return CoreError.Validation("name", "is required");
        if (dto.EscalationRules is not { Count: > 0 } rules) return CoreError.Validation("escalationRules", "at least one rule is required");
        var mapped = new List<EscalationRule>();
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            if (r is null) return CoreError.Validation($"escalationRules[{i}]", "must be an object");
            if (r.EscalationTimeout is not { } minutes || minutes < 0) return CoreError.Validation($"escalationRules[{i}].escalationTimeout", "minutes, 0 or more, are required");
            var targets = new List<EscalationTarget>();
            if (r.User?.Id is { } u) targets.Add(EscalationTarget.User(u));
            if (r.Schedule?.Id is { } s) targets.Add(EscalationTarget.Schedule(s));
            foreach (var x in r.Users ?? []) if (x?.Id is { } id2) targets.Add(EscalationTarget.User(id2));
            foreach (var x in r.Schedules ?? []) if (x?.Id is { } id3) targets.Add(EscalationTarget.Schedule(id3));
            foreach (var x in r.Teams ?? []) if (x is not null) targets.Add(EscalationTarget.Team(x.Id));
            mapped.Add(new EscalationRule(targets.Distinct().ToList(), TimeSpan.FromMinutes(minutes)));
        }
        if (dto.Frequency is { } f && (f < 1 || f > 9)) return CoreError.Validation("frequency", "must be 1 to 9");
        if (dto.DelayMin is { } d && (d < 0 || d > 60)) return CoreError.Validation("delayMin", "must be 0 to 60 minutes");
        return new EscalationPolicy(id, dto.Name, mapped)
        {
            Repeat = dto.Repeating == true ? dto.Frequency ?? 1 : 0,
            InitialDelay = TimeSpan.FromMinutes(dto.DelayMin ?? 0),
        };
    }

    // --- users ---

    public static (string First, string Last) SplitName(string name)
    {
        var space = name.IndexOf(' ');
        return space < 0 ? (name, "") : (name[..space], name[(space + 1)..]);
    }

    public static IlertUserRel UserRel(long id, IReadOnlyDictionary<long, User> users)
    {
        if (!users.TryGetValue(id, out var u)) return new IlertUserRel(id);
        var (first, last) = SplitName(u.Name);
        return new IlertUserRel(id, first, last);
    }

    public static string ToIlertRole(UserRole r) => r switch
    {
        UserRole.Admin => "ADMIN",
        UserRole.Observer => "STAKEHOLDER",
        _ => "USER",
    };

    public static Result<UserRole> FromIlertRole(string? role) => role switch
    {
        null or "USER" or "RESPONDER" => UserRole.User,
        "ADMIN" => UserRole.Admin,
        "STAKEHOLDER" or "GUEST" => UserRole.Observer,
        _ => CoreError.Validation("role", $"unknown role '{role}'"),
    };

    public static string ToIlertLanguage(string language) => language.StartsWith("de", StringComparison.OrdinalIgnoreCase) ? "de" : "en";

    public static IlertUser ToIlertUser(User u)
    {
        var (first, last) = SplitName(u.Name);
        return new IlertUser(u.Id, first, last, u.Email ?? "", u.TimeZone, ToIlertLanguage(u.Language), ToIlertRole(u.Role));
    }

    public static Result<User> FromIlertUser(IlertUser dto, long id)
    {
        if (string.IsNullOrWhiteSpace(dto.FirstName) && string.IsNullOrWhiteSpace(dto.LastName)) return CoreError.Validation("firstName", "firstName and lastName are required");
        if (string.IsNullOrWhiteSpace(dto.Email)) return CoreError.Validation("email", "is required");
        if (dto.Language is not (null or "de" or "en")) return CoreError.Validation("language", $"unknown language '{dto.Language}', expected de or en");
        var role = FromIlertRole(dto.Role);
        if (!role.IsOk) return role.Error!;
        var name = $"{dto.FirstName?.Trim()} {dto.LastName?.Trim()}".Trim();
        return new User(id, name, dto.Email, null, dto.Timezone ?? "UTC", dto.Language ?? "en", role.Value);
    }

    // --- alerts ---

    public static IlertAlert ToIlertAlert(Alert a, IlertAlertContext c)
    {
        var source = a.SourceId is { } sid ? c.Sources.GetValueOrDefault(sid) : null;
        c.Escalations.TryGetValue(a.Id, out var state);
        var policy = state?.PolicySnapshot ?? (source?.EscalationPolicyId is { } pid ? c.Policies.GetValueOrDefault(pid) : null);
        DateTimeOffset? next = null;
        int? nextIndex = null;
        IlertUser? nextUser = null;
        // The next escalation is the pending page; the final timeout of an exhausted policy only drops the alert.
        if (state is { Stopped: false, NextDueAt: { } due, IsExhausted: false } && a.Status == AlertStatus.Triggered)
        {
            next = due;
            nextIndex = state.RuleIndex;
            var who = c.Directory.Resolve(state.PolicySnapshot.Rules[state.RuleIndex].Targets, due).UserIds;
            if (who.Count > 0 && c.Users.TryGetValue(who[0], out var u)) nextUser = ToIlertUser(u);
        }
        return new IlertAlert(
            a.Id, a.Title, a.Details, a.CreatedAt, a.Status is AlertStatus.Resolved or AlertStatus.Archived ? a.ResolvedAt ?? a.ArchivedAt : null,
            ToIlertStatus(a.Status),
            source is null ? null : ToIlertSource(source, c.Policies, c.Users, c.BaseUrl),
            policy is null ? null : ToIlertPolicy(policy, c.Users),
            ToIlertPriority(a.Priority), a.DedupKey,
            a.AssigneeUserId is { } assignee ? new IlertIdRef(assignee) : null,
            next, policy?.Rules.Select(r => ToIlertRule(r, c.Users)).ToList(), nextUser, nextIndex,
            a.Images.Select(i => new IlertImage(i.Src, i.Href, i.Alt)).ToList(),
            a.Links.Select(l => new IlertLink(l.Href, l.Text)).ToList(),
            a.Responders.Select(r => ToIlertResponder(r, c.Users)).ToList(),
            a.Meta?["customDetails"] as JsonObject);
    }

    public static IlertResponder ToIlertResponder(Responder r, IReadOnlyDictionary<long, User> users) =>
        new(UserRel(r.UserId, users), r.Status == ResponderStatus.Accepted ? "ACCEPTED" : "PENDING", r.AcceptedAt);

    private static Result<(List<AlertLink>? Links, List<AlertImage>? Images)> Media(List<IlertLink>? links, List<IlertImage>? images)
    {
        var l = new List<AlertLink>();
        for (var i = 0; i < (links?.Count ?? 0); i++)
        {
            if (links![i]?.Href is not { Length: > 0 } href || !Uri.TryCreate(href, UriKind.Absolute, out _)) return CoreError.Validation($"links[{i}].href", "must be an absolute URL");
            l.Add(new AlertLink(href, links[i].Text));
        }
        var m = new List<AlertImage>();
        for (var i = 0; i < (images?.Count ?? 0); i++)
        {
            if (images![i]?.Src is not { Length: > 0 } src || !Uri.TryCreate(src, UriKind.Absolute, out _)) return CoreError.Validation($"images[{i}].src", "must be an absolute URL");
            m.Add(new AlertImage(src, images[i].Href, images[i].Alt));
        }
        return (l.Count == 0 ? null : l, m.Count == 0 ? null : m);
    }

    /// <summary>ManualAlert → a trigger without dedup key (ilert's POST /alerts always creates).</summary>
    public static Result<NewAlert> FromManualAlert(IlertManualAlert dto)
    {
        if (string.IsNullOrWhiteSpace(dto.Summary)) return CoreError.Validation("summary", "is required");
        if (dto.AlertSource?.Id is not { } sourceId) return CoreError.Validation("alertSource", "is required: {\"id\": <alert source id>}");
        Priority? priority = null;
        if (dto.Priority is not null)
        {
            var p = FromIlertPriority(dto.Priority);
            if (!p.IsOk) return p.Error!;
            priority = p.Value;
        }
        var media = Media(dto.Links, dto.Images);
        if (!media.IsOk) return media.Error!;
        return new NewAlert
        {
            Title = Clip(dto.Summary), Details = dto.Details, SourceId = sourceId,
            Priority = priority ?? Priority.High, PriorityGiven = priority is not null,
            Links = media.Value.Links, Images = media.Value.Images,
        };
    }

    public enum EventKind { Alert, Accept, Resolve, Comment }

    public static Result<EventKind> FromIlertEventType(string? type) => type switch
    {
        "ALERT" => EventKind.Alert,
        "ACCEPT" => EventKind.Accept,
        "RESOLVE" => EventKind.Resolve,
        "COMMENT" => EventKind.Comment,
        _ => CoreError.Validation("eventType", $"unknown eventType '{type}', expected ALERT, ACCEPT, RESOLVE or COMMENT"),
    };

    /// <summary>The alert key is the core's dedup key (trimmed); ACCEPT, RESOLVE and COMMENT need it to find their alert.</summary>
    public static Result<AlertEvent> FromIlertEvent(IlertEvent e, EventKind kind, AlertSource source)
    {
        var key = (e.AlertKey ?? e.IncidentKey)?.Trim();
        if (key is { Length: 0 }) key = null;
        if (key is { Length: > AlertRequestMapping.MaxKey }) return CoreError.Validation("alertKey", $"must be at most {AlertRequestMapping.MaxKey} characters");
        if (kind != EventKind.Alert)
        {
            if (key is null) return CoreError.Validation("alertKey", $"is required for {kind.ToString().ToUpperInvariant()} events");
            return new AlertEvent(kind == EventKind.Accept ? EventAction.Acknowledge : EventAction.Resolve, key, null);
        }
        if (string.IsNullOrWhiteSpace(e.Summary)) return CoreError.Validation("summary", "is required");
        Priority? priority = null;
        if (e.Priority is not null)
        {
            var p = FromIlertPriority(e.Priority);
            if (!p.IsOk) return p.Error!;
            priority = p.Value;
        }
        var media = Media(e.Links, e.Images);
        if (!media.IsOk) return media.Error!;
        if (e.Labels is not null && AlertRequestMapping.ValidateLabels(e.Labels, "labels") is { } labelError) return labelError;
        return new AlertEvent(EventAction.Trigger, key, new NewAlert
        {
            Title = Clip(e.Summary), Details = e.Details, Source = source.Name, SourceId = source.Id,
            // ilert: an event's priority only counts when the source's rule is plain HIGH; LOW and support-hour rules decide themselves.
            Priority = priority ?? Priority.High, PriorityGiven = priority is not null && source.PriorityRule == PriorityRule.High,
            Labels = e.Labels, Links = media.Value.Links, Images = media.Value.Images,
            Meta = e.CustomDetails is null ? null : new JsonObject { ["customDetails"] = e.CustomDetails.DeepClone() },
        });
    }

    public static string ToResponseCode(IngestOutcome o) => o switch
    {
        IngestOutcome.Created => "NEW_ALERT_CREATED",
        IngestOutcome.Updated => "ALERT_UPDATED",
        IngestOutcome.Acknowledged => "ALERT_ACCEPTED",
        IngestOutcome.Resolved => "ALERT_RESOLVED",
        IngestOutcome.Unchanged => "ALERT_UNCHANGED",
        _ => "NO_OPEN_ALERT_FOUND",
    };

    private static string Clip(string s) => s.Length > AlertRequestMapping.MaxTitle ? s[..AlertRequestMapping.MaxTitle] : s;

    // --- notifications (outbox rows) ---

    public static string ToIlertMethod(string channel) => channel switch
    {
        "email" => "EMAIL",
        "sms" => "SMS",
        "voice" or "phone" => "VOICE",
        "whatsapp" => "WHATSAPP",
        _ => "PUSH", // "user" (the user's preferences choose at delivery), in-app, chat and webhooks
    };

    public static string ToIlertNotificationStatus(string status) => status.ToUpperInvariant() switch
    {
        "SENT" or "DELIVERED" or "SUCCESS" => "SUCCESS",
        "FAILED" or "ERROR" or "DEAD" => "ERROR",
        _ => "SCHEDULED",
    };

    public static IlertNotification ToIlertNotification(OutboxMessage m, Alert alert, IReadOnlyDictionary<long, User> users)
    {
        var user = m.UserId is { } uid ? users.GetValueOrDefault(uid) : null;
        var (first, last) = user is null ? (null, null) : SplitName(user.Name);
        var method = ToIlertMethod(m.Channel);
        var target = method switch { "EMAIL" => user?.Email, "SMS" or "VOICE" or "WHATSAPP" => user?.Phone, _ => user?.Name };
        return new IlertNotification(m.Id, method, target, $"[{ToIlertPriority(alert.Priority)}] {alert.Title} ({m.EventType})", alert.Id,
            m.UserId is { } id ? new IlertNotificationUser(id, first, last) : null, m.CreatedAt, ToIlertNotificationStatus(m.Status), null);
    }

    // --- log entries (the core timeline) ---

    /// <summary>Timeline type → ilert log entry type, filter type, and the German for the core's English text prefix.</summary>
    public static (string Type, string Filter, string EnPrefix, string DePrefix) LogEntryKind(TimelineEntry e) => e.Type switch
    {
        TimelineTypes.Created when e.Actor.Kind is ActorKind.User or ActorKind.ApiKey => ("AlertCreatedByUserLogEntry", "ALERT_UPDATES", "Alert created: ", "Alarm erstellt: "),
        TimelineTypes.Created => ("AlertReceivedLogEntry", "ALERT_SOURCE_EVENTS", "Alert created: ", "Alarm empfangen: "),
        TimelineTypes.Repeated => ("AlertReceivedLogEntry", "ALERT_SOURCE_EVENTS", "Repeated (count ", "Erneut empfangen (Anzahl "),
        TimelineTypes.Acknowledged => ("UserResponseLogEntry", "ALERT_UPDATES", "", "Angenommen"),
        TimelineTypes.Unacknowledged => ("UserResponseLogEntry", "ALERT_UPDATES", "", "Annahme zurückgenommen"),
        TimelineTypes.Resolved when e.Actor.Kind == ActorKind.System => ("AlertAutoResolvedLogEntry", "ALERT_UPDATES", "", "Automatisch gelöst"),
        TimelineTypes.Resolved => ("UserResponseLogEntry", "ALERT_UPDATES", "", "Gelöst"),
        TimelineTypes.Dropped => ("NobodyOnCallLogEntry", "ALERT_UPDATES", "", "Eskalation erschöpft, niemand hat angenommen"),
        TimelineTypes.Archived => ("AlertActionSuccessLogEntry", "ALERT_UPDATES", "", "Archiviert"),
        TimelineTypes.Updated => ("AlertSummaryChangedLogEntry", "ALERT_UPDATES", "Updated ", "Geändert: "),
        TimelineTypes.Comment => ("AlertCommentAddedLogEntry", "ALERT_UPDATES", "", "Kommentar: "),
        EscalationTimeline.Started => ("AlertAssignedToPolicyLogEntry", "ALERT_UPDATES", "Escalation started: policy ", "Eskalation gestartet: Richtlinie "),
        EscalationTimeline.Suppressed => ("AlertNotRoutedLogEntry", "ALERT_UPDATES", "Escalation not started: ", "Eskalation nicht gestartet: "),
        EscalationTimeline.Escalated => ("AlertEscalatedToLevelLogEntry", "NOTIFICATIONS", "Escalated to rule ", "Eskaliert auf Stufe "),
        EscalationTimeline.Rejected => ("UserResponseLogEntry", "ALERT_UPDATES", "Rejected", "Abgelehnt"),
        EscalationTimeline.Assigned when e.Actor.Kind == ActorKind.System => ("AlertAssignedBySystemLogEntry", "ALERT_UPDATES", "Assigned to ", "Zugewiesen an "),
        EscalationTimeline.Assigned => ("AlertAssignedByUserLogEntry", "ALERT_UPDATES", "Assigned to ", "Zugewiesen an "),
        EscalationTimeline.Handoff => ("AlertAssignedByUserLogEntry", "ALERT_UPDATES", "Handed off from ", "Übergeben von "),
        EscalationTimeline.ResponderAdded => ("StakeholderAddedLogEntry", "ALERT_UPDATES", "Responder added: ", "Responder hinzugefügt: "),
        EscalationTimeline.ResponderRemoved => ("StakeholderRemovedLogEntry", "ALERT_UPDATES", "Responder removed: ", "Responder entfernt: "),
        _ => ("AlertActionSuccessLogEntry", "ALERT_UPDATES", "", ""), // a newer core entry: keep its English text
    };

    public static Result<string> FromIlertLang(string? lang) => lang switch
    {
        null or "en" => "en",
        "de" => "de",
        _ => CoreError.Validation("lang", $"unknown lang '{lang}', expected en or de"),
    };

    public static IlertLogEntry ToIlertLogEntry(TimelineEntry e, string lang)
    {
        var (type, filter, en, de) = LogEntryKind(e);
        return new IlertLogEntry(e.Id, e.At, type, lang == "de" ? GermanText(e, en, de) : e.Text, e.AlertId, [filter], e.Vars);
    }

    private static string GermanText(TimelineEntry e, string enPrefix, string dePrefix)
    {
        if (dePrefix.Length == 0) return e.Text;
        if (enPrefix.Length == 0) // the whole English text is a fixed phrase, maybe with ": note"
            return e.Type == TimelineTypes.Comment ? dePrefix + e.Text : dePrefix + NoteOf(e.Text);
        var rest = e.Text.StartsWith(enPrefix, StringComparison.Ordinal) ? e.Text[enPrefix.Length..] : e.Text;
        if (e.Type == EscalationTimeline.Escalated) rest = rest.Replace("nobody to page", "niemand zu benachrichtigen", StringComparison.Ordinal).Replace("(repeat ", "(Wiederholung ", StringComparison.Ordinal);
        return dePrefix + rest;
    }

    private static string NoteOf(string text)
    {
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? "" : text[colon..];
    }

    // --- schedules (read-only) ---

    public static string ToIsoRotation(ShiftLength l) => l.Kind switch
    {
        RotationKind.Hourly => $"PT{l.Count}H",
        RotationKind.Daily => $"P{l.Count}D",
        RotationKind.Weekly => $"P{l.Count * 7}D",
        _ => XmlConvert.ToString(l.Custom),
    };

    public static IlertSchedule ToIlertSchedule(Schedule s, IReadOnlyDictionary<long, User> users, DateTimeOffset now)
    {
        var shifts = ScheduleCalculator.FinalShifts(s, now, now.AddDays(62));
        var current = shifts.FirstOrDefault(x => x.Start <= now && now < x.End);
        var next = shifts.FirstOrDefault(x => x.Start > now);
        return new IlertSchedule(s.Id, s.Name, s.TimeZone, "RECURRING",
            s.Layers.Select(l => new IlertScheduleLayer(l.Name, l.Start, l.End, l.Users.Select(u => UserRel(u, users)).ToList(), ToIsoRotation(l.ShiftLength))).ToList(),
            current.End == default ? null : new IlertShift(UserRel(current.UserId, users), current.Start, current.End),
            next.End == default ? null : new IlertShift(UserRel(next.UserId, users), next.Start, next.End));
    }

    // --- query parameters ---

    public static Result<(int Start, int Max)> FromIlertPaging(string? startIndex, string? maxResults)
    {
        var start = 0;
        var max = DefaultResults;
        if (startIndex is not null && (!int.TryParse(startIndex, NumberStyles.None, CultureInfo.InvariantCulture, out start)))
            return CoreError.Validation("start-index", "must be an integer of 0 or more");
        if (maxResults is not null && (!int.TryParse(maxResults, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1))
            return CoreError.Validation("max-results", "must be an integer from 1 to 100");
        if (max > MaxResults) return CoreError.Validation("max-results", $"must not exceed {MaxResults}");
        return (start, max);
    }

    public static Result<List<long>> FromIlertIds(IEnumerable<string?> values, string field)
    {
        var ids = new List<long>();
        foreach (var v in values)
        {
            if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return CoreError.Validation(field, $"'{v}' is not a numeric id");
            ids.Add(id);
        }
        return ids;
    }

    public static Result<DateTimeOffset?> FromIlertDate(string? text, string field)
    {
        if (text is null) return (DateTimeOffset?)null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d) && text.Contains('T')
            ? (DateTimeOffset?)d
            : CoreError.Validation(field, $"'{text}' is not an ISO-8601 date-time such as 2021-05-25T21:24:56.771Z");
    }

    /// <summary>
    /// ilert's responder filter takes user ids or user names (the seed's <c>responders=jd</c>). Tocsin users have no login name,
    /// so a name matches the user's email address or its local part; an unknown name matches nobody (id -1) rather than everybody.
    /// </summary>
    public static long ResponderId(string value, IReadOnlyDictionary<long, User> users)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return id;
        foreach (var u in users.Values)
            if (u.Email is { } email && (email.Equals(value, StringComparison.OrdinalIgnoreCase)
                || (email.IndexOf('@') is > 0 and var at && email[..at].Equals(value, StringComparison.OrdinalIgnoreCase))))
                return u.Id;
        return -1;
    }

    /// <summary>The filters shared by list and count: states, sources, policies, responders, from/until on reportTime.</summary>
    public static Result<AlertQuery> FromIlertQuery(IQueryCollection q, IReadOnlyDictionary<long, User> users)
    {
        var statuses = new List<AlertStatus>();
        foreach (var s in q["states"].Concat(q["state"]))
        {
            var mapped = FromIlertState(s);
            if (!mapped.IsOk) return mapped.Error!;
            statuses.AddRange(mapped.Value!);
        }
        var sources = FromIlertIds(q["sources"].Concat(q["alert-source"]), "sources");
        if (!sources.IsOk) return sources.Error!;
        var policies = FromIlertIds(q["policies"], "policies");
        if (!policies.IsOk) return policies.Error!;
        var responders = q["responders"].Concat(q["assigned-to"]).Select(r => ResponderId(r ?? "", users)).ToList();
        var from = FromIlertDate(q["from"], "from");
        if (!from.IsOk) return from.Error!;
        var until = FromIlertDate(q["until"], "until");
        if (!until.IsOk) return until.Error!;
        return new AlertQuery
        {
            Statuses = statuses.Distinct().ToList(), SourceIds = sources.Value!, PolicyIds = policies.Value!, ResponderUserIds = responders,
            CreatedFrom = from.Value, CreatedUntil = until.Value, Sort = AlertSortField.CreatedAt, Descending = false,
        };
    }
}
