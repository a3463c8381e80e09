using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Server.Api.Events;

namespace Tocsin.Server.Api.Alerts;

/// <summary>Validates native API requests and maps them to core commands. Pure; errors name the field (with the event index in a batch).</summary>
internal static class AlertRequestMapping
{
    public const int MaxTitle = 1024;
    public const int MaxDetails = 64 * 1024;
    public const int MaxKey = 255;
    public const int MaxLabels = 64;
    public const int MaxBatch = 1000;

    public static Result<AlertEvent> ToEvent(EventRequest e, string at)
    {
        EventAction action;
        switch (e.Action ?? "trigger")
        {
            case "trigger": action = EventAction.Trigger; break;
            case "acknowledge": action = EventAction.Acknowledge; break;
            case "resolve": action = EventAction.Resolve; break;
            default: return CoreError.Validation(at + "action", $"unknown action '{e.Action}'; expected trigger, acknowledge or resolve");
        }
        if (e.DedupKey is not null && (e.DedupKey.Length == 0 || e.DedupKey.Length > MaxKey))
            return CoreError.Validation(at + "dedupKey", $"must be 1 to {MaxKey} characters");
        if (e.Id is not null && (e.Id.Length == 0 || e.Id.Length > MaxKey))
            return CoreError.Validation(at + "id", $"must be 1 to {MaxKey} characters");
        if (action != EventAction.Trigger)
        {
            return e.DedupKey is null
                ? CoreError.Validation(at + "dedupKey", $"is required to {e.Action} by key")
                : new AlertEvent(action, e.DedupKey, null, e.Id);
        }
        var spec = ToNewAlert(e.Summary, e.Details, e.Priority, e.Severity, e.Source, e.Labels, e.Tags, e.Links, e.Images, at);
        if (!spec.IsOk) return spec.Error!;
        return new AlertEvent(action, e.DedupKey, spec.Value! with { Meta = e.Meta, OccurredAt = e.OccurredAt }, e.Id);
    }

    public static Result<NewAlert> ToNewAlert(string? summary, string? details, string? priority, int? severity, string? source,
        IReadOnlyDictionary<string, string>? labels, IReadOnlyList<string>? tags, IReadOnlyList<AlertLink>? links, IReadOnlyList<AlertImage>? images, string at)
    {
        if (string.IsNullOrWhiteSpace(summary)) return CoreError.Validation(at + "summary", "is required and must not be empty");
        if (summary.Length > MaxTitle) return CoreError.Validation(at + "summary", $"must be at most {MaxTitle} characters");
        if (details is { Length: > MaxDetails }) return CoreError.Validation(at + "details", $"must be at most {MaxDetails} characters");
        var p = Priority.High;
        if (priority is not null && !PriorityNames.TryParse(priority, out p))
            return CoreError.Validation(at + "priority", $"unknown priority '{priority}'; expected one of {PriorityNames.AllowedValues}");
        if (severity is < 0 or > 7) return CoreError.Validation(at + "severity", "must be from 0 (most severe) to 7");
        if (priority is null && severity is { } s) p = PriorityNames.FromSeverity(s);
        if (source is { Length: > MaxKey }) return CoreError.Validation(at + "source", $"must be at most {MaxKey} characters");
        var labelError = ValidateLabels(labels, at + "labels");
        if (labelError is not null) return labelError;
        if (tags is not null)
        {
            for (var i = 0; i < tags.Count; i++)
                if (string.IsNullOrWhiteSpace(tags[i]) || tags[i].Length > MaxKey) return CoreError.Validation($"{at}tags[{i}]", $"must be 1 to {MaxKey} characters");
        }
        if (links is not null)
        {
            for (var i = 0; i < links.Count; i++)
                if (links[i] is null || !IsHttpUrl(links[i].Href)) return CoreError.Validation($"{at}links[{i}].href", "must be an absolute http(s) URL");
        }
        if (images is not null)
        {
            for (var i = 0; i < images.Count; i++)
                if (images[i] is null || !IsHttpUrl(images[i].Src)) return CoreError.Validation($"{at}images[{i}].src", "must be an absolute http(s) URL");
        }
        return new NewAlert
        {
            Title = summary,
            Details = details,
            Priority = p,
            PriorityGiven = priority is not null || severity is not null,
            Severity = severity,
            Source = source,
            Labels = labels,
            Tags = tags,
            Links = links,
            Images = images,
        };
    }

    public static CoreError? ValidateLabels(IReadOnlyDictionary<string, string>? labels, string field)
    {
        if (labels is null) return null;
        if (labels.Count > MaxLabels) return CoreError.Validation(field, $"at most {MaxLabels} labels");
        foreach (var (k, v) in labels)
        {
            if (string.IsNullOrWhiteSpace(k) || k.Length > MaxKey) return CoreError.Validation(field, $"label names must be 1 to {MaxKey} characters");
            if (v is null) return CoreError.Validation($"{field}.{k}", "must be a string");
            if (v.Length > MaxDetails) return CoreError.Validation($"{field}.{k}", "is too long");
        }
        return null;
    }

    public static Result<AlertPatch> ToPatch(AlertPatchRequest r)
    {
        if (r.Title is not null && (string.IsNullOrWhiteSpace(r.Title) || r.Title.Length > MaxTitle))
            return CoreError.Validation("title", $"must be 1 to {MaxTitle} characters");
        if (r.Details is { Length: > MaxDetails }) return CoreError.Validation("details", $"must be at most {MaxDetails} characters");
        Priority? priority = null;
        if (r.Priority is not null)
        {
            if (!PriorityNames.TryParse(r.Priority, out var p))
                return CoreError.Validation("priority", $"unknown priority '{r.Priority}'; expected one of {PriorityNames.AllowedValues}");
            priority = p;
        }
        if (r.Severity is < 0 or > 7) return CoreError.Validation("severity", "must be from 0 (most severe) to 7");
        var labelError = ValidateLabels(r.Labels, "labels");
        if (labelError is not null) return labelError;
        if (r.Tags is not null)
        {
            for (var i = 0; i < r.Tags.Count; i++)
                if (string.IsNullOrWhiteSpace(r.Tags[i])) return CoreError.Validation($"tags[{i}]", "must not be empty");
        }
        return new AlertPatch(r.Title, r.Details, priority, r.Severity, r.Labels, r.Tags);
    }

    private static bool IsHttpUrl(string? s) =>
        Uri.TryCreate(s, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps);
}
