using Tocsin.Core.Conditions;
using Tocsin.Core.Conditions.Ast;

namespace Tocsin.Core.Tests.Conditions;

public sealed class FilterEvaluationTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["kubernetes.namespace.name"] = "production",
        ["container.image"] = "nginx:1.27",
        ["host.name"] = "web-01",
    };

    private static bool Matches(string filter) => ConditionParser.ParseFilter(filter).Value!.Matches(Labels);

    [Theory]
    [InlineData("kubernetes.namespace.name='production'", true)]
    [InlineData("kubernetes.namespace.name='staging'", false)]
    [InlineData("kubernetes.namespace.name='production' and container.image='nginx:1.27'", true)]
    [InlineData("kubernetes.namespace.name='production' and container.image='nginx'", false)]
    [InlineData("kubernetes.namespace.name='staging' or host.name='web-01'", true)]
    [InlineData("host.name != 'web-01'", false)]
    [InlineData("host.name in ('web-02', 'web-01')", true)]
    [InlineData("host.name not in ('web-02', 'web-01')", false)]
    [InlineData("container.image contains 'nginx'", true)]
    [InlineData("container.image does not contain 'nginx'", false)]
    [InlineData("host.name starts with 'web-'", true)]
    [InlineData("host.name starts with 'db-'", false)]
    [InlineData("not host.name = 'web-01'", false)]
    [InlineData("not (host.name = 'db' or host.name = 'cache')", true)]
    [InlineData("", true)]
    public void Matches_Filter_ComparesLabels(string filter, bool expected)
    {
        Matches(filter).ShouldBe(expected);
    }

    [Theory]
    [InlineData("region = ''", true)]
    [InlineData("region = 'eu'", false)]
    [InlineData("region != 'eu'", true)]
    [InlineData("region not in ('eu')", true)]
    public void Matches_MissingLabel_ReadsAsEmpty(string filter, bool expected)
    {
        Matches(filter).ShouldBe(expected);
    }

    [Fact]
    public void Matches_ValuesAreCaseSensitive()
    {
        Matches("host.name = 'WEB-01'").ShouldBeFalse();
    }

    [Fact]
    public void InFilter_Equality_ComparesValues()
    {
        new InFilter("a", ["x", "y"], false).ShouldBe(new InFilter("a", new List<string> { "x", "y" }, false));
        new InFilter("a", ["x", "y"], false).ShouldNotBe(new InFilter("a", ["y", "x"], false));
    }
}
