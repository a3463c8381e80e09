using Tocsin.Core.Rules;

namespace Tocsin.Server.Api.Rules;

/// <summary>problem+json for invalid rules: every field's messages, and for the first parse error its position and what was expected.</summary>
internal static class RuleProblems
{
    public static IResult Invalid(IReadOnlyList<RuleFieldError> errors)
    {
        var dtos = errors.Select(RuleRequestMapping.ToErrorDto).ToList();
        var first = dtos[0];
        var extensions = new Dictionary<string, object?>
        {
            ["field"] = first.Field,
            ["errors"] = dtos.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
        };
        if (dtos.FirstOrDefault(e => e.Position is not null) is { } parse)
        {
            extensions["position"] = parse.Position;
            extensions["expected"] = parse.Expected;
        }
        var detail = string.Join("; ", errors.Select(e => $"{RuleRequestMapping.FieldName(e.Field)}: {e.Message}"));
        return TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid rule", extensions: extensions);
    }
}
