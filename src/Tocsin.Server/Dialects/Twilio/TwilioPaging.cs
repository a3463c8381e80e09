using System.Globalization;
using System.Text;
using Tocsin.Core.Common;

namespace Tocsin.Server.Dialects.Twilio;

/// <summary>The InsightsRules list query, validated: filters, sort keys and the page position.</summary>
internal sealed record TwilioListQuery(
    bool? Active,
    IReadOnlyList<string> MetricIds,
    IReadOnlyList<string> TaskQueueSids,
    IReadOnlyList<(string Field, bool Descending)> Sort,
    int PageSize,
    int Page,
    int Offset);

/// <summary>
/// Twilio list paging, pure. <c>PageToken</c> is opaque to clients and appears only inside next/previous links:
/// here <c>PT</c> + the offset of the page's first record. <c>Page</c> is informational, as the seed says.
/// </summary>
internal static class TwilioPaging
{
    public static Result<TwilioListQuery> ParseRuleQuery(IQueryCollection q)
    {
        bool? active = null;
        if (q.TryGetValue("Active", out var a))
        {
            if (a.Count != 1 || !bool.TryParse(a[0], out var parsed)) return CoreError.Validation("Active", $"'{a}' is not a boolean; expected true or false");
            active = parsed;
        }
        var metrics = q["MetricId"].Select(m => m ?? "").ToList();
        foreach (var m in metrics)
            if (!TwilioMapping.Metrics.ContainsKey(m)) return CoreError.Validation("MetricId", $"unknown metric '{m}'");
        var queues = q["TaskQueueSids"].Select(s => s ?? "").ToList();
        foreach (var s in queues)
            if (!TwilioSid.IsValid(s, TwilioSid.TaskQueue)) return CoreError.Validation("TaskQueueSids", $"'{s}' is not a TaskQueue SID (WQ followed by 32 hex digits)");
        var sort = new List<(string, bool)>();
        if (q.TryGetValue("Sort", out var sortText))
        {
            if (sortText.Count != 1) return CoreError.Validation("Sort", "give Sort once, as a comma-separated list");
            foreach (var part in (sortText[0] ?? "").Split(','))
            {
                var field = part.Trim();
                var descending = field.StartsWith('-');
                if (descending) field = field[1..];
                if (!TwilioMapping.SortFields.Contains(field))
                    return CoreError.Validation("Sort", $"unknown sort field '{part}'; expected {string.Join(", ", TwilioMapping.SortFields)}, optionally prefixed with '-'");
                if (sort.Any(s => s.Item1 == field)) return CoreError.Validation("Sort", $"'{field}' is listed twice");
                sort.Add((field, descending));
            }
        }
        return ParsePosition(q) is { IsOk: true } p
            ? new TwilioListQuery(active, metrics, queues, sort, p.Value.Size, p.Value.Page, p.Value.Offset)
            : ParsePosition(q).Error!;
    }

    public static Result<(int Size, int Page, int Offset)> ParsePosition(IQueryCollection q)
    {
        var size = TwilioMapping.DefaultPageSize;
        if (q.TryGetValue("PageSize", out var s) && (s.Count != 1 || !int.TryParse(s[0], NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > TwilioMapping.MaxPageSize))
            return CoreError.Validation("PageSize", $"'{s}' must be an integer from 1 to {TwilioMapping.MaxPageSize}");
        var page = 0;
        if (q.TryGetValue("Page", out var p) && (p.Count != 1 || !int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out page)))
            return CoreError.Validation("Page", $"'{p}' must be an integer >= 0");
        var offset = 0;
        if (q.TryGetValue("PageToken", out var t) && (t.Count != 1 || !TryParseToken(t[0], out offset)))
            return CoreError.Validation("PageToken", $"'{t}' is not a page token this API issued");
        return (size, page, offset);
    }

    public static string Token(int offset) => "PT" + offset.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseToken(string? token, out int offset)
    {
        offset = 0;
        return token is { Length: > 2 } && token.StartsWith("PT", StringComparison.Ordinal)
            && int.TryParse(token.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
    }

    /// <summary>Filters (in PascalCase, as the seed's example echoes them), then PageSize, Page and PageToken.</summary>
    public static string Url(string path, IReadOnlyList<(string Key, string Value)> filters, int pageSize, int page, int? offset)
    {
        var sb = new StringBuilder(path).Append('?');
        foreach (var (k, v) in filters) sb.Append(k).Append('=').Append(Uri.EscapeDataString(v)).Append('&');
        sb.Append("PageSize=").Append(pageSize.ToString(CultureInfo.InvariantCulture)).Append("&Page=").Append(page.ToString(CultureInfo.InvariantCulture));
        if (offset is { } o) sb.Append("&PageToken=").Append(Token(o));
        return sb.ToString();
    }

    public static IReadOnlyList<(string, string)> Filters(TwilioListQuery q, string? sortText)
    {
        var list = new List<(string, string)>();
        if (q.Active is { } a) list.Add(("Active", a ? "true" : "false"));
        list.AddRange(q.MetricIds.Select(m => ("MetricId", m)));
        if (sortText is not null) list.Add(("Sort", sortText));
        list.AddRange(q.TaskQueueSids.Select(s => ("TaskQueueSids", s)));
        return list;
    }

    /// <summary>One page of <paramref name="all"/> (already filtered and sorted) with its meta links.</summary>
    public static (IReadOnlyList<T> Items, TwilioMeta Meta) Slice<T>(IReadOnlyList<T> all, string path, IReadOnlyList<(string, string)> filters,
        int pageSize, int page, int offset, string key, bool tokenGiven)
    {
        var items = all.Skip(offset).Take(pageSize).ToList();
        var url = Url(path, filters, pageSize, page, tokenGiven ? offset : null);
        var next = offset + pageSize < all.Count ? Url(path, filters, pageSize, page + 1, offset + pageSize) : null;
        var previous = offset > 0 ? Url(path, filters, pageSize, Math.Max(page - 1, 0), Math.Max(offset - pageSize, 0)) : null;
        return (items, new TwilioMeta(page, pageSize, Url(path, filters, pageSize, 0, null), previous, url, next, key));
    }
}

/// <summary>The list's filters and sort over (core record, vendor fields); ties break on the rule id for stable pages.</summary>
internal static class TwilioQuery
{
    public static IEnumerable<(Tocsin.Core.Rules.RuleRecord Record, TwilioRuleBody Body)> Apply(
        IEnumerable<(Tocsin.Core.Rules.RuleRecord Record, TwilioRuleBody Body)> all, TwilioListQuery q)
    {
        var filtered = all.Where(x =>
            (q.Active is not { } a || x.Record.Rule.Enabled == a)
            && (q.MetricIds.Count == 0 || q.MetricIds.Contains(x.Body.MetricId))
            && (q.TaskQueueSids.Count == 0 || x.Body.TaskQueueSids.Any(s => q.TaskQueueSids.Contains(s, StringComparer.OrdinalIgnoreCase))));
        IOrderedEnumerable<(Tocsin.Core.Rules.RuleRecord Record, TwilioRuleBody Body)>? sorted = null;
        foreach (var (field, descending) in q.Sort)
        {
            Func<(Tocsin.Core.Rules.RuleRecord Record, TwilioRuleBody Body), string> key = field switch
            {
                "date_created" => x => x.Record.CreatedAt.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
                "date_updated" => x => x.Record.UpdatedAt.UtcTicks.ToString("D20", System.Globalization.CultureInfo.InvariantCulture),
                "rule_friendly_name" => x => x.Record.Rule.Name,
                _ => x => x.Body.MetricId,
            };
            sorted = sorted is null
                ? (descending ? filtered.OrderByDescending(key, StringComparer.Ordinal) : filtered.OrderBy(key, StringComparer.Ordinal))
                : (descending ? sorted.ThenByDescending(key, StringComparer.Ordinal) : sorted.ThenBy(key, StringComparer.Ordinal));
        }
        return sorted is null ? filtered.OrderBy(x => x.Record.Rule.Id) : sorted.ThenBy(x => x.Record.Rule.Id);
    }
}
