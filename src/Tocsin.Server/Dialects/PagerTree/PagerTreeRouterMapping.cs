using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Routing;

namespace Tocsin.Server.Dialects.PagerTree;

/// <summary>
/// PagerTree's router rules ↔ core <see cref="Router"/>. Rules are a list (optionally under a <c>rules</c> key) of
/// <c>{"match":{"alert.&lt;field&gt;": value | {"$eq"|"$in"|"$regex"[,"$options":"i"]: …}},"actions":[{"type":"assign","receiver":"tem_…|usr_…"}]}</c>
/// where field is title, description, tags, urgency or <c>meta.&lt;key&gt;</c>. The string form must be JSON (YAML's flow style).
/// </summary>
internal static class PagerTreeRouterMapping
{
    public static Result<Router> ToRouter(PagerTreeRouterRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Name)) return Invalid("name", "'name' is a required parameter");
        if (r.Type is not null and not "router")
            return Invalid("type", r.Type == "notification" ? "'type' notification (user notification rules) is not supported by Tocsin; use router" : $"'type' must be router or notification, not '{r.Type}'");
        EscalationTarget? fallback = null;
        if (r.DefaultReceiver is not null)
        {
            var d = Receiver(r.DefaultReceiver, "default_receiver");
            if (!d.IsOk) return d.Error!;
            fallback = d.Value;
        }
        var rules = ParseRules(r.Rules);
        if (!rules.IsOk) return rules.Error!;
        return new Router(0, r.Name, r.Enabled ?? true, rules.Value!, fallback);
    }

    private static Result<List<RouterRule>> ParseRules(JsonNode? node)
    {
        if (node is null) return new List<RouterRule>();
        if (node.GetValueKind() == JsonValueKind.String)
        {
            var text = node.GetValue<string>();
            if (string.IsNullOrWhiteSpace(text)) return new List<RouterRule>();
            try { node = JsonNode.Parse(text); }
            catch (JsonException) { return Invalid("rules", "'rules' must be JSON (YAML flow style, e.g. [{\"match\":{…},\"actions\":[…]}]); block-style YAML is not supported by Tocsin"); }
        }
        if (node is JsonObject wrapper && wrapper["rules"] is { } inner) node = inner;
        if (node is not JsonArray list) return Invalid("rules", "'rules' must be a list of {match, actions}");
        var rules = new List<RouterRule>();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject rule) return Invalid($"rules[{i}]", $"'rules[{i}]' must be an object with match and actions");
            var conditions = new List<RouterCondition>();
            if (rule["match"] is { } match)
            {
                if (match is not JsonObject m) return Invalid($"rules[{i}].match", $"'rules[{i}].match' must be an object");
                foreach (var (key, value) in m)
                {
                    var c = Conditions(key, value, $"rules[{i}].match.{key}");
                    if (!c.IsOk) return c.Error!;
                    conditions.AddRange(c.Value!);
                }
            }
            if (rule["actions"] is not JsonArray { Count: 1 } actions || actions[0] is not JsonObject action || action["type"]?.ToString() != "assign")
                return Invalid($"rules[{i}].actions", $"'rules[{i}].actions' must be one action {{\"type\":\"assign\",\"receiver\":\"tem_…\"}}");
            var target = Receiver(action["receiver"]?.ToString(), $"rules[{i}].actions[0].receiver");
            if (!target.IsOk) return target.Error!;
            rules.Add(new RouterRule(conditions, target.Value));
        }
        return rules;
    }

    private static Result<List<RouterCondition>> Conditions(string key, JsonNode? value, string field)
    {
        (RouterField Field, string? Meta)? f = key switch
        {
            "alert.title" => (RouterField.Title, null), "alert.description" => (RouterField.Description, null),
            "alert.tags" => (RouterField.Tags, null), "alert.urgency" => (RouterField.Urgency, null),
            _ when key.StartsWith("alert.meta.", StringComparison.Ordinal) && key.Length > 11 => (RouterField.Meta, key[11..]),
            _ => null,
        };
        if (f is not { } target) return Invalid(field, $"'{key}' is not one of alert.title, alert.description, alert.tags, alert.urgency, alert.meta.<key>");
        if (value is not JsonObject ops)
            return Scalar(value) is { } eq ? new List<RouterCondition> { new(target.Field, RouterOp.Equal, [eq], target.Meta) } : Invalid(field, $"'{key}' must be a string, number, boolean or an operator object");
        var list = new List<RouterCondition>();
        var options = ops["$options"]?.ToString() ?? "";
        foreach (var (op, arg) in ops)
        {
            switch (op)
            {
                case "$eq" when Scalar(arg) is { } v: list.Add(new(target.Field, RouterOp.Equal, [v], target.Meta)); break;
                case "$in" when arg is JsonArray values && values.All(x => Scalar(x) is not null):
                    list.Add(new(target.Field, RouterOp.In, values.Select(x => Scalar(x)!).ToList(), target.Meta)); break;
                case "$regex" when arg?.GetValueKind() == JsonValueKind.String:
                    list.Add(new(target.Field, RouterOp.Regex, [(options.Contains('i') ? "(?i)" : "") + arg.GetValue<string>()], target.Meta)); break;
                case "$options": break;
                default: return Invalid(field, $"'{key}' uses {op}: supported are $eq, $in (a list), $regex (a string, with $options i)");
            }
        }
        return list;
    }

    private static string? Scalar(JsonNode? v) => v?.GetValueKind() switch
    {
        JsonValueKind.String => v.GetValue<string>(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => null,
    };

    public static Result<EscalationTarget> Receiver(string? id, string field)
    {
        if (PagerTreeMapping.TryParseTeamId(id, out var team)) return EscalationTarget.Team(team);
        if (PagerTreeMapping.TryParseUserId(id, out var user)) return EscalationTarget.User(user);
        return Invalid(field, $"'{field}' must be a team (tem_…) or user (usr_…) id, not '{id}'");
    }

    public static string ReceiverId(EscalationTarget t) => t.Kind == TargetKind.Team ? PagerTreeMapping.TeamId(t.Id) : PagerTreeMapping.UserId(t.Id);

    /// <summary>The rules as PagerTree's document, JSON (valid YAML), so a router created natively reads back in this dialect.</summary>
    public static string RulesText(Router r)
    {
        var list = new JsonArray();
        foreach (var rule in r.Rules)
        {
            var match = new JsonObject();
            foreach (var c in rule.Conditions)
            {
                var key = c.Field == RouterField.Meta ? "alert.meta." + c.Key : "alert." + RouterMatcher.Name(c.Field);
                JsonNode op = c.Op switch
                {
                    RouterOp.Equal => new JsonObject { ["$eq"] = c.Values[0] },
                    RouterOp.In => new JsonObject { ["$in"] = new JsonArray(c.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) },
                    RouterOp.Contains => new JsonObject { ["$regex"] = Regex.Escape(c.Values[0]), ["$options"] = "i" },
                    _ => new JsonObject { ["$regex"] = c.Values[0] },
                };
                // Several conditions on one key merge into one operator object (a repeated operator keeps only the last: a known gap).
                if (match[key] is JsonObject existing && op is JsonObject more)
                    foreach (var (k, v) in more.ToList()) { more.Remove(k); existing[k] = v; }
                else match[key] = op;
            }
            list.Add(new JsonObject
            {
                ["match"] = match,
                ["actions"] = new JsonArray(new JsonObject { ["type"] = "assign", ["receiver"] = ReceiverId(rule.Target) }),
            });
        }
        return list.ToJsonString();
    }

    public static PagerTreeRouter ToDto(Router r, Guid tenantId) => new()
    {
        Sid = PagerTreeMapping.AccountId(tenantId),
        Id = PagerTreeMapping.RouterId(r.Id),
        Meta = [],
        TinyId = r.Id,
        CreatedAt = PagerTreeMapping.Iso(r.CreatedAt),
        UpdatedAt = PagerTreeMapping.Iso(r.UpdatedAt),
        Name = r.Name,
        Enabled = r.Enabled,
        Type = "router",
        DefaultReceiver = r.Default is { } d ? ReceiverId(d) : null,
        Rules = RulesText(r),
    };

    private static CoreError Invalid(string field, string message) => CoreError.Validation(field, message);
}
