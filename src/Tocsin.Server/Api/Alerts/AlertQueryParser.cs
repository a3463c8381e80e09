using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;

namespace Tocsin.Server.Api.Alerts;

/// <summary>Turns the alert list query string into an <see cref="AlertQuery"/>, naming the parameter at fault on error.</summary>
internal static class AlertQueryParser
{
    public const int MaxLimit = 500;
    public const int DefaultLimit = 50;

    public static Result<AlertQuery> Parse(IQueryCollection q)
    {
        var statuses = new List<AlertStatus>();
        foreach (var s in Values(q, "status"))
        {
            if (!AlertStatusNames.TryParse(s, out var st)) return CoreError.Validation("status", $"unknown status '{s}'; expected one of {AlertStatusNames.AllowedValues}");
            statuses.Add(st);
        }
        var priorities = new List<Priority>();
        foreach (var s in Values(q, "priority"))
        {
            if (!PriorityNames.TryParse(s, out var p)) return CoreError.Validation("priority", $"unknown priority '{s}'; expected one of {PriorityNames.AllowedValues}");
            priorities.Add(p);
        }
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var s in Values(q, "label"))
        {
            var eq = s.IndexOf('=');
            if (eq <= 0) return CoreError.Validation("label", $"'{s}' must be key=value");
            labels.Add(new(s[..eq], s[(eq + 1)..]));
        }
        long? assignee = null;
        if (q.TryGetValue("assignee", out var a) && a.Count > 0)
        {
            if (!long.TryParse(a[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return CoreError.Validation("assignee", "must be a user id");
            assignee = id;
        }
        var from = ParseTime(q, "createdFrom");
        if (!from.IsOk) return from.Error!;
        var until = ParseTime(q, "createdUntil");
        if (!until.IsOk) return until.Error!;

        var sortText = q.TryGetValue("sort", out var sv) && sv.Count > 0 ? sv[0]! : "-createdAt";
        var descending = sortText.StartsWith('-');
        AlertSortField sort;
        switch (sortText.TrimStart('-', '+'))
        {
            case "createdAt": sort = AlertSortField.CreatedAt; break;
            case "lastSeenAt": sort = AlertSortField.LastSeenAt; break;
            case "priority": sort = AlertSortField.Priority; break;
            case "number": sort = AlertSortField.Number; break;
            default: return CoreError.Validation("sort", "expected createdAt, lastSeenAt, priority or number, optionally prefixed with '-' for descending");
        }
        var limit = ParseLimit(q, DefaultLimit, MaxLimit);
        if (!limit.IsOk) return limit.Error!;

        AlertCursor? after = null;
        if (q.TryGetValue("cursor", out var cv) && !string.IsNullOrEmpty(cv[0]))
        {
            var decoded = DecodeCursor(cv[0]!, sort, descending);
            if (decoded is null) return CoreError.Validation("cursor", "is not a cursor returned by this list with the same sort");
            after = decoded;
        }
        return new AlertQuery
        {
            Statuses = statuses,
            Priorities = priorities,
            Sources = Values(q, "source").ToList(),
            AssigneeUserId = assignee,
            Labels = labels,
            Text = q.TryGetValue("q", out var text) ? text[0] : null,
            DedupKey = q.TryGetValue("dedupKey", out var dk) ? dk[0] : null,
            CreatedFrom = from.Value,
            CreatedUntil = until.Value,
            Sort = sort,
            Descending = descending,
            Limit = limit.Value,
            After = after,
        };
    }

    public static Result<int> ParseLimit(IQueryCollection q, int defaultLimit, int max)
    {
        if (!q.TryGetValue("limit", out var lv) || lv.Count == 0) return defaultLimit;
        if (!int.TryParse(lv[0], NumberStyles.None, CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > max)
            return CoreError.Validation("limit", $"must be an integer from 1 to {max}");
        return limit;
    }

    private static Result<DateTimeOffset?> ParseTime(IQueryCollection q, string name)
    {
        if (!q.TryGetValue(name, out var v) || string.IsNullOrEmpty(v[0])) return Result<DateTimeOffset?>.Ok(null);
        return DateTimeOffset.TryParse(v[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? Result<DateTimeOffset?>.Ok(t)
            : CoreError.Validation(name, "must be an ISO 8601 date-time");
    }

    private static IEnumerable<string> Values(IQueryCollection q, string name) =>
        q.TryGetValue(name, out var v) ? v.Where(x => !string.IsNullOrEmpty(x)).Select(x => x!) : [];

    public static string EncodeCursor(AlertCursor c, AlertSortField sort, bool descending) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"a1|{(int)sort}|{(descending ? 1 : 0)}|{c.SortValue}|{c.Id}")));

    private static AlertCursor? DecodeCursor(string text, AlertSortField sort, bool descending)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(text)).Split('|');
            if (parts.Length != 5 || parts[0] != "a1") return null;
            if (parts[1] != ((int)sort).ToString(CultureInfo.InvariantCulture) || parts[2] != (descending ? "1" : "0")) return null;
            return new AlertCursor(long.Parse(parts[3], CultureInfo.InvariantCulture), long.Parse(parts[4], CultureInfo.InvariantCulture));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string EncodeAfterId(long id) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes("t1|" + id.ToString(CultureInfo.InvariantCulture)));

    public static Result<long?> DecodeAfterId(IQueryCollection q)
    {
        if (!q.TryGetValue("cursor", out var cv) || string.IsNullOrEmpty(cv[0])) return Result<long?>.Ok(null);
        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(cv[0]!));
            if (text.StartsWith("t1|", StringComparison.Ordinal) && long.TryParse(text[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                return Result<long?>.Ok(id);
        }
        catch (FormatException) { }
        return CoreError.Validation("cursor", "is not a cursor returned by this list");
    }
}
