using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Tests.Conditions;

public sealed class FilterParserTests
{
    private static FilterExpr Parse(string text)
    {
        var result = ConditionParser.ParseFilter(text);
        result.Error.ShouldBeNull();
        return result.Value!;
    }

    // Every scope written in the IBM seed and reference §5.
    public static TheoryData<string, string> SeedFilters => new()
    {
        { "kubernetes.namespace.name='production'", "kubernetes.namespace.name = \"production\"" },
        { "container.image='nginx'", "container.image = \"nginx\"" },
        { "kubernetes.namespace.name='production' and container.image='nginx'", "kubernetes.namespace.name = \"production\" and container.image = \"nginx\"" },
        { "kubernetes.namespace.name = \"production\" and container.image = \"nginx\"", "kubernetes.namespace.name = \"production\" and container.image = \"nginx\"" },
        { "env in (\"prod\")", "env in (\"prod\")" },
        { "agent.id in (\"foo\")", "agent.id in (\"foo\")" },
        { "proc.name = \"tomcat\"", "proc.name = \"tomcat\"" },
        { "kubernetes.cluster.name in (\"pulsar\")", "kubernetes.cluster.name in (\"pulsar\")" },
        { "host.hostName != 'db-1'", "host.hostName != \"db-1\"" },
        { "env in (\"a\",\"b\")", "env in (\"a\", \"b\")" },
        { "env not in ('a', 'b')", "env not in (\"a\", \"b\")" },
        { "env in ['a','b']", "env in (\"a\", \"b\")" },
        { "host.name contains 'web'", "host.name contains \"web\"" },
        { "host.name does not contain 'web'", "host.name does not contain \"web\"" },
        { "host.name not contains 'web'", "host.name does not contain \"web\"" },
        { "host.name starts with 'web'", "host.name starts with \"web\"" },
        { "not env = 'prod'", "not env = \"prod\"" },
        { "env is 'prod'", "env = \"prod\"" },
        { "env is not 'prod'", "env != \"prod\"" },
        { "not (env = 'prod' or env = 'dev') and region == 'eu'", "not (env = \"prod\" or env = \"dev\") and region = \"eu\"" },
    };

    [Theory]
    [MemberData(nameof(SeedFilters))]
    public void ParseFilter_SeedExample_ParsesAndPrintsCanonically(string text, string canonical)
    {
        var expr = Parse(text);

        ConditionPrinter.Print(expr).ShouldBe(canonical);
        Parse(canonical).ShouldBe(expr);
    }

    [Fact]
    public void ParseFilter_AndOfEquals_BuildsTree()
    {
        Parse("kubernetes.namespace.name='production' and container.image='nginx'").ShouldBe(new AndFilter(
            new LabelFilter("kubernetes.namespace.name", LabelMatch.Equal, "production"),
            new LabelFilter("container.image", LabelMatch.Equal, "nginx")));
    }

    [Fact]
    public void ParseFilter_EscapesInStrings_AreDecoded()
    {
        Parse(@"path = 'it\'s \\ \""x\""'").ShouldBe(new LabelFilter("path", LabelMatch.Equal, "it's \\ \"x\""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void ParseFilter_Blank_MatchesEverything(string? text)
    {
        ConditionParser.ParseFilter(text).Value.ShouldBe(MatchAllFilter.Instance);
    }

    [Theory]
    [InlineData("env", 3, "'='")]
    [InlineData("env = ", 6, "quoted string")]
    [InlineData("env in 'a'", 7, "'(' starting a list")]
    [InlineData("env in ('a' 'b')", 12, "',' or ')'")]
    [InlineData("env in ('a',)", 12, "quoted string")]
    [InlineData("env starts 'a'", 11, "'with'")]
    [InlineData("env does contain 'a'", 9, "'not'")]
    [InlineData("env not 'a'", 8, "'in' or 'contains'")]
    [InlineData("env = 'a' and", 13, "label name")]
    [InlineData("env = 'a' env = 'b'", 10, "'and', 'or' or end of input")]
    [InlineData("(env = 'a'", 10, "')', 'and' or 'or'")]
    [InlineData("env = 'abc", 10, "closing '")]
    [InlineData("= 'a'", 0, "label name")]
    public void ParseFilter_Malformed_ReportsPositionAndExpected(string text, int position, string expected)
    {
        var error = ConditionParser.ParseFilter(text).Error!;

        error.ShouldNotBeNull();
        error.Position.ShouldBe(position);
        error.Expected.ShouldStartWith(expected);
    }
}
