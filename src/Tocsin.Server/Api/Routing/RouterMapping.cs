using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Routing;

namespace Tocsin.Server.Api.Routing;

/// <summary>Native router wire format ↔ core <see cref="Router"/>; errors name the offending field (<c>rules[0].conditions[1].op</c>).</summary>
internal static class RouterMapping
{
    public static Result<Router> ToRouter(RouterRequest r, long id)
    {
        var rules = new List<RouterRule>();
        var list = r.Rules ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null) return CoreError.Validation($"rules[{i}]", "must be an object");
            var target = ToTarget(list[i].Target, $"rules[{i}].target");
            if (!target.IsOk) return target.Error!;
            var conditions = new List<RouterCondition>();
            var given = list[i].Conditions ?? [];
            for (var j = 0; j < given.Count; j++)
            {
                var c = ToCondition(given[j], $"rules[{i}].conditions[{j}]");
                if (!c.IsOk) return c.Error!;
                conditions.Add(c.Value!);
            }
            rules.Add(new RouterRule(conditions, target.Value));
        }
        EscalationTarget? fallback = null;
        if (r.Default is not null)
        {
            var d = ToTarget(r.Default, "default");
            if (!d.IsOk) return d.Error!;
            fallback = d.Value;
        }
        return new Router(id, r.Name ?? "", r.Enabled ?? true, rules, fallback);
    }

    private static Result<RouterCondition> ToCondition(RouterConditionDto? c, string field)
    {
        if (c is null) return CoreError.Validation(field, "must be an object");
        RouterField? f = c.Field switch
        {
            "title" => RouterField.Title, "description" => RouterField.Description, "tags" => RouterField.Tags,
            "urgency" => RouterField.Urgency, "meta" => RouterField.Meta, _ => null,
        };
        if (f is null) return CoreError.Validation(field + ".field", "must be title, description, tags, urgency or meta");
        RouterOp? op = c.Op switch { "equals" => RouterOp.Equal, "contains" => RouterOp.Contains, "in" => RouterOp.In, "regex" => RouterOp.Regex, _ => null };
        if (op is null) return CoreError.Validation(field + ".op", "must be equals, contains, in or regex");
        if (op == RouterOp.In)
        {
            if (c.Value is not null) return CoreError.Validation(field + ".value", "'in' takes 'values', a list");
            return new RouterCondition(f.Value, op.Value, c.Values ?? [], c.Key);
        }
        if (c.Values is not null) return CoreError.Validation(field + ".values", $"'{c.Op}' takes one 'value'");
        if (c.Value is null) return CoreError.Validation(field + ".value", "is required");
        return new RouterCondition(f.Value, op.Value, [c.Value], c.Key);
    }

    public static Result<EscalationTarget> ToTarget(RouterTargetDto? t, string field) => t switch
    {
        null => CoreError.Validation(field, "is required: {\"kind\":\"team\"|\"user\",\"id\":…}"),
        { Kind: "team", Id: > 0 } => EscalationTarget.Team(t.Id),
        { Kind: "user", Id: > 0 } => EscalationTarget.User(t.Id),
        { Kind: "team" or "user" } => CoreError.Validation(field + ".id", "must be a positive id"),
        _ => CoreError.Validation(field + ".kind", "must be team or user"),
    };

    public static RouterTargetDto ToDto(EscalationTarget t) => new(t.Kind == TargetKind.Team ? "team" : "user", t.Id);

    public static RouterDto ToDto(Router r) => new(r.Id, r.Name, r.Enabled,
        r.Rules.Select(rule => new RouterRuleDto(rule.Conditions.Select(ToDto).ToList(), ToDto(rule.Target))).ToList(),
        r.Default is { } d ? ToDto(d) : null, r.CreatedAt, r.UpdatedAt);

    private static RouterConditionDto ToDto(RouterCondition c) => c.Op == RouterOp.In
        ? new RouterConditionDto(RouterMatcher.Name(c.Field), "in", c.Key, null, c.Values.ToList())
        : new RouterConditionDto(RouterMatcher.Name(c.Field), RouterMatcher.Name(c.Op), c.Key, c.Values[0], null);
}
