using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.Routing;

/// <summary>Pure router evaluation and validation: no I/O, no clock.</summary>
public static class RouterMatcher
{
    public const int MaxRules = 100;
    public const int MaxConditions = 20;
    public const int MaxValues = 50;
    public const int MaxValueLength = 1000;
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The first matching rule's target, else the default; null when neither (the caller refuses the alert).</summary>
    public static EscalationTarget? Match(Router router, RouterInput input)
    {
        if (router.Enabled)
            foreach (var rule in router.Rules)
                if (rule.Conditions.All(c => Holds(c, input)))
                    return rule.Target;
        return router.Default;
    }

    /// <summary>Index of the first matching rule, or -1 (disabled router or no match).</summary>
    public static int MatchingRule(Router router, RouterInput input)
    {
        if (!router.Enabled) return -1;
        for (var i = 0; i < router.Rules.Count; i++)
            if (router.Rules[i].Conditions.All(c => Holds(c, input))) return i;
        return -1;
    }

    public static bool Holds(RouterCondition c, RouterInput input) => c.Field switch
    {
        RouterField.Title => Test(c, input.Title),
        RouterField.Description => input.Description is { } d && Test(c, d),
        RouterField.Urgency => Test(c, input.Urgency),
        RouterField.Tags => input.Tags.Any(t => Test(c, t)),
        RouterField.Meta => MetaText(input.Meta, c.Key) is { } m && Test(c, m),
        _ => false,
    };

    private static bool Test(RouterCondition c, string text) => c.Op switch
    {
        RouterOp.Equal => string.Equals(text, c.Values[0], StringComparison.OrdinalIgnoreCase),
        RouterOp.Contains => text.Contains(c.Values[0], StringComparison.OrdinalIgnoreCase),
        RouterOp.In => c.Values.Any(v => string.Equals(text, v, StringComparison.OrdinalIgnoreCase)),
        RouterOp.Regex => IsMatch(text, c.Values[0]),
        _ => false,
    };

    private static bool IsMatch(string text, string pattern)
    {
        try { return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout); }
        catch (RegexMatchTimeoutException) { return false; }
    }

    /// <summary>A meta value as text: strings as they are, other JSON values as their JSON (true, 3, {"a":1}).</summary>
    private static string? MetaText(JsonObject? meta, string? key)
    {
        if (meta is null || key is null || !meta.TryGetPropertyValue(key, out var node) || node is null) return null;
        return node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
    }

    /// <summary>The router's own shape (names, counts, operators, regexes); whether its targets exist is the service's job.</summary>
    public static CoreError? Validate(Router r)
    {
        if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) return CoreError.Validation("name", "must be 1 to 200 characters");
        if (r.Rules.Count > MaxRules) return CoreError.Validation("rules", $"at most {MaxRules} rules");
        for (var i = 0; i < r.Rules.Count; i++)
        {
            var rule = r.Rules[i];
            if (rule.Conditions.Count > MaxConditions) return CoreError.Validation($"rules[{i}].conditions", $"at most {MaxConditions} conditions");
            if (TargetError(rule.Target, $"rules[{i}].target") is { } t) return t;
            for (var j = 0; j < rule.Conditions.Count; j++)
                if (ConditionError(rule.Conditions[j], $"rules[{i}].conditions[{j}]") is { } e) return e;
        }
        return r.Default is { } d ? TargetError(d, "default") : null;
    }

    private static CoreError? TargetError(EscalationTarget t, string field) =>
        t.Kind is TargetKind.User or TargetKind.Team && t.Id > 0 ? null : CoreError.Validation(field, "must be a user or a team");

    private static CoreError? ConditionError(RouterCondition c, string field)
    {
        if (!Enum.IsDefined(c.Field)) return CoreError.Validation(field + ".field", "must be title, description, tags, urgency or meta");
        if (!Enum.IsDefined(c.Op)) return CoreError.Validation(field + ".op", "must be equals, contains, in or regex");
        if (c.Field == RouterField.Meta && string.IsNullOrEmpty(c.Key)) return CoreError.Validation(field + ".key", "is required for a meta condition");
        if (c.Field != RouterField.Meta && c.Key is not null) return CoreError.Validation(field + ".key", "is only allowed for a meta condition");
        if (c.Op == RouterOp.In ? c.Values.Count is 0 or > MaxValues : c.Values.Count != 1)
            return CoreError.Validation(field + (c.Op == RouterOp.In ? ".values" : ".value"),
                c.Op == RouterOp.In ? $"'in' needs 1 to {MaxValues} values" : $"'{Name(c.Op)}' needs exactly one value");
        if (c.Values.Any(v => v is null || v.Length > MaxValueLength)) return CoreError.Validation(field + ".value", $"values must be strings of at most {MaxValueLength} characters");
        if (c.Op == RouterOp.Regex)
        {
            try { _ = new Regex(c.Values[0], RegexOptions.CultureInvariant, RegexTimeout); }
            catch (ArgumentException e) { return CoreError.Validation(field + ".value", "is not a valid regular expression: " + e.Message); }
        }
        return null;
    }

    public static string Name(RouterOp op) => op == RouterOp.Equal ? "equals" : op.ToString().ToLowerInvariant();
    public static string Name(RouterField f) => f.ToString().ToLowerInvariant();
}
