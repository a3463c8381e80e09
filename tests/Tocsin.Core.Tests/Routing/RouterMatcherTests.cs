using System.Text.Json.Nodes;
using Tocsin.Core.Common;
using Tocsin.Core.Escalation;
using Tocsin.Core.Routing;

namespace Tocsin.Core.Tests.Routing;

public sealed class RouterMatcherTests
{
    private static readonly EscalationTarget s_db = EscalationTarget.Team(1);
    private static readonly EscalationTarget s_web = EscalationTarget.Team(2);
    private static readonly EscalationTarget s_fallback = EscalationTarget.User(9);

    private static RouterInput Input(string title = "CPU high", string? description = null, string[]? tags = null, string urgency = "medium", JsonObject? meta = null) =>
        new(title, description, tags ?? [], urgency, meta);

    private static RouterCondition C(RouterField f, RouterOp op, string value, string? key = null) => new(f, op, [value], key);

    private static Router Router(params RouterRule[] rules) => new(1, "r", true, rules, s_fallback);

    [Fact]
    public void Match_FirstMatchingRuleWins_InOrder()
    {
        var router = Router(
            new RouterRule([C(RouterField.Title, RouterOp.Contains, "database")], s_db),
            new RouterRule([C(RouterField.Title, RouterOp.Contains, "data")], s_web));
        RouterMatcher.Match(router, Input("Database down")).ShouldBe(s_db);
        RouterMatcher.Match(router, Input("data lake slow")).ShouldBe(s_web);
        RouterMatcher.MatchingRule(router, Input("Database down")).ShouldBe(0);
    }

    [Fact]
    public void Match_NoRuleMatches_Default()
    {
        var router = Router(new RouterRule([C(RouterField.Title, RouterOp.Equal, "x")], s_db));
        RouterMatcher.Match(router, Input("y")).ShouldBe(s_fallback);
        RouterMatcher.Match(router with { Default = null }, Input("y")).ShouldBeNull();
        RouterMatcher.MatchingRule(router, Input("y")).ShouldBe(-1);
    }

    [Fact]
    public void Match_Disabled_SkipsRulesAndUsesDefault() =>
        RouterMatcher.Match(Router(new RouterRule([], s_db)) with { Enabled = false }, Input()).ShouldBe(s_fallback);

    [Fact]
    public void Match_AllConditionsOfARule_MustHold()
    {
        var router = Router(new RouterRule([C(RouterField.Title, RouterOp.Contains, "cpu"), C(RouterField.Urgency, RouterOp.Equal, "critical")], s_db));
        RouterMatcher.Match(router, Input("CPU high", urgency: "critical")).ShouldBe(s_db);
        RouterMatcher.Match(router, Input("CPU high", urgency: "low")).ShouldBe(s_fallback);
    }

    [Fact]
    public void Match_EmptyConditions_AlwaysMatches() =>
        RouterMatcher.Match(Router(new RouterRule([], s_db)), Input()).ShouldBe(s_db);

    [Fact]
    public void Holds_UrgencyIn_CaseInsensitive()
    {
        var c = new RouterCondition(RouterField.Urgency, RouterOp.In, ["high", "CRITICAL"]);
        RouterMatcher.Holds(c, Input(urgency: "critical")).ShouldBeTrue();
        RouterMatcher.Holds(c, Input(urgency: "medium")).ShouldBeFalse();
    }

    [Fact]
    public void Holds_Tags_AnyTagCounts()
    {
        RouterMatcher.Holds(C(RouterField.Tags, RouterOp.Equal, "db"), Input(tags: ["prod", "DB"])).ShouldBeTrue();
        RouterMatcher.Holds(C(RouterField.Tags, RouterOp.Regex, "^eu-"), Input(tags: ["us-1", "eu-2"])).ShouldBeTrue();
        RouterMatcher.Holds(C(RouterField.Tags, RouterOp.Equal, "db"), Input(tags: [])).ShouldBeFalse();
    }

    [Fact]
    public void Holds_Description_MissingNeverMatches()
    {
        RouterMatcher.Holds(C(RouterField.Description, RouterOp.Contains, ""), Input(description: null)).ShouldBeFalse();
        RouterMatcher.Holds(C(RouterField.Description, RouterOp.Contains, "disk"), Input(description: "Disk full on db1")).ShouldBeTrue();
    }

    [Fact]
    public void Holds_Meta_StringsAndOtherJsonValues()
    {
        var meta = new JsonObject { ["region"] = "eu-west", ["incident"] = true, ["count"] = 3 };
        RouterMatcher.Holds(C(RouterField.Meta, RouterOp.Equal, "EU-WEST", "region"), Input(meta: meta)).ShouldBeTrue();
        RouterMatcher.Holds(C(RouterField.Meta, RouterOp.Equal, "true", "incident"), Input(meta: meta)).ShouldBeTrue();
        RouterMatcher.Holds(C(RouterField.Meta, RouterOp.Equal, "3", "count"), Input(meta: meta)).ShouldBeTrue();
        RouterMatcher.Holds(C(RouterField.Meta, RouterOp.Equal, "x", "absent"), Input(meta: meta)).ShouldBeFalse();
        RouterMatcher.Holds(C(RouterField.Meta, RouterOp.Equal, "x", "region"), Input(meta: null)).ShouldBeFalse();
    }

    [Fact]
    public void Holds_Regex_CaseSensitiveUnlessInline()
    {
        RouterMatcher.Holds(C(RouterField.Title, RouterOp.Regex, "^cpu"), Input("CPU high")).ShouldBeFalse();
        RouterMatcher.Holds(C(RouterField.Title, RouterOp.Regex, "(?i)^cpu"), Input("CPU high")).ShouldBeTrue();
    }

    [Fact]
    public void Holds_CatastrophicRegex_TimesOutAsNoMatch() =>
        RouterMatcher.Holds(C(RouterField.Title, RouterOp.Regex, "^(a+)+$"), Input(new string('a', 40) + "!")).ShouldBeFalse();

    [Fact]
    public void Validate_GoodRouter_Null() =>
        RouterMatcher.Validate(Router(new RouterRule([C(RouterField.Meta, RouterOp.Equal, "eu", "region")], s_db))).ShouldBeNull();

    public static TheoryData<Router, string> Invalid => new()
    {
        { new Router(0, "", true, [], null), "name" },
        { Router(new RouterRule([C(RouterField.Title, RouterOp.Regex, "(")], s_db)), "rules[0].conditions[0].value" },
        { Router(new RouterRule([C(RouterField.Meta, RouterOp.Equal, "x")], s_db)), "rules[0].conditions[0].key" },
        { Router(new RouterRule([C(RouterField.Title, RouterOp.Equal, "x", "k")], s_db)), "rules[0].conditions[0].key" },
        { Router(new RouterRule([new RouterCondition(RouterField.Urgency, RouterOp.In, [])], s_db)), "rules[0].conditions[0].values" },
        { Router(new RouterRule([new RouterCondition(RouterField.Title, RouterOp.Equal, ["a", "b"])], s_db)), "rules[0].conditions[0].value" },
        { Router(new RouterRule([], EscalationTarget.Schedule(1))), "rules[0].target" },
        { new Router(0, "r", true, [], EscalationTarget.Schedule(3)), "default" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadRouter_NamesField(Router router, string field)
    {
        var error = RouterMatcher.Validate(router);
        error.ShouldNotBeNull();
        error!.Kind.ShouldBe(ErrorKind.Validation);
        error.Field.ShouldBe(field);
    }
}
