using System.Text.Json.Nodes;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Server.Api.Alerts;

namespace Tocsin.Server.Dialects.Prometheus;

/// <summary>Pure mapping of Alertmanager v2 alerts to core events. The dedup key is the label-set fingerprint, as Alertmanager's own.</summary>
internal static class PrometheusMapping
{
    public const string Source = "prometheus";

    public static Result<AlertEvent> ToEvent(PrometheusAlert a, int index, DateTimeOffset now)
    {
        var at = $"[{index}].";
        if (a.Labels is null || a.Labels.Count == 0) return CoreError.Validation(at + "labels", "at least one label is required");
        var labelError = AlertRequestMapping.ValidateLabels(a.Labels, at + "labels");
        if (labelError is not null) return labelError;
        if (a.StartsAt is { } s && a.EndsAt is { } e && e < s) return CoreError.Validation(at + "endsAt", "must not be before startsAt");
        if (a.GeneratorUrl is { Length: > 0 } g && !Uri.TryCreate(g, UriKind.Absolute, out _))
            return CoreError.Validation(at + "generatorURL", "must be an absolute URL");

        var key = "prom:" + Fingerprint(a.Labels);
        if (a.EndsAt is { } ends && ends <= now) return new AlertEvent(EventAction.Resolve, key, null);

        var annotations = a.Annotations ?? [];
        var title = annotations.GetValueOrDefault("summary") ?? annotations.GetValueOrDefault("title")
            ?? a.Labels.GetValueOrDefault("alertname") ?? key;
        var meta = new JsonObject();
        foreach (var (k, v) in annotations) meta[k] = v;
        return new AlertEvent(EventAction.Trigger, key, new NewAlert
        {
            Title = title.Length > AlertRequestMapping.MaxTitle ? title[..AlertRequestMapping.MaxTitle] : title,
            Details = annotations.GetValueOrDefault("description"),
            Source = Source,
            Priority = PriorityFromSeverity(a.Labels.GetValueOrDefault("severity")),
            PriorityGiven = a.Labels.ContainsKey("severity"),
            Labels = a.Labels,
            Links = a.GeneratorUrl is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out _) ? [new AlertLink(url, "Prometheus")] : null,
            Meta = meta.Count == 0 ? null : new JsonObject { ["annotations"] = meta },
            OccurredAt = a.StartsAt,
        });
    }

    /// <summary>The conventional <c>severity</c> label values; anything else is high, as an unknown page should still wake someone.</summary>
    public static Priority PriorityFromSeverity(string? severity) => severity?.ToLowerInvariant() switch
    {
        "critical" or "page" or "emergency" or "fatal" => Priority.Critical,
        "error" or "high" or "major" => Priority.High,
        "warning" or "warn" or "medium" or "minor" => Priority.Medium,
        "low" => Priority.Low,
        "info" or "informational" or "none" or "debug" => Priority.Info,
        _ => Priority.High,
    };

    /// <summary>FNV-1a 64 over sorted name/value pairs separated by 0xff, the same construction as Alertmanager's label fingerprint.</summary>
    public static string Fingerprint(IReadOnlyDictionary<string, string> labels)
    {
        const ulong offset = 14695981039346656037UL, prime = 1099511628211UL;
        var hash = offset;
        foreach (var name in labels.Keys.Order(StringComparer.Ordinal))
        {
            hash = Add(hash, name);
            hash = (hash ^ 0xff) * prime;
            hash = Add(hash, labels[name]);
            hash = (hash ^ 0xff) * prime;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

        static ulong Add(ulong h, string s)
        {
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(s)) h = (h ^ b) * prime;
            return h;
        }
    }
}
