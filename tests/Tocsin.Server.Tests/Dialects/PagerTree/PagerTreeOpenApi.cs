using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tocsin.Server.Tests.Dialects.PagerTree;

/// <summary>
/// Reads the Alert schema (Base + AlertBase + own properties) from PagerTree's published OpenAPI 3.0 document with a small
/// indentation walk: enough for its flat property lists, and no YAML package in the test project.
/// </summary>
public static partial class PagerTreeOpenApi
{
    public sealed record Property(string Name, string Type, IReadOnlyList<string> Enum);

    public static string SpecPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "shared/reference/specs/pagertree-openapi-30.yaml"))) dir = dir.Parent;
            return dir is null ? "/work/shared/reference/specs/pagertree-openapi-30.yaml" : Path.Combine(dir.FullName, "shared/reference/specs/pagertree-openapi-30.yaml");
        }
    }

    public static IReadOnlyList<Property> AlertProperties()
    {
        var lines = File.ReadAllLines(SpecPath);
        var result = new List<Property>();
        result.AddRange(Properties(lines, Block(lines, "Base"), 8));
        result.AddRange(Properties(lines, Block(lines, "AlertBase"), 8).Where(p => p.Name != "name")); // "name" of the account: copy-paste in the spec
        result.AddRange(Properties(lines, Block(lines, "Alert"), 12));
        return result;
    }

    private static (int Start, int End) Block(string[] lines, string schema)
    {
        var start = Array.IndexOf(lines, $"    {schema}:");
        if (start < 0) throw new InvalidOperationException($"schema {schema} not in the spec");
        var end = start + 1;
        while (end < lines.Length && (lines[end].Length == 0 || lines[end].StartsWith("     ", StringComparison.Ordinal))) end++;
        return (start, end);
    }

    private static IEnumerable<Property> Properties(string[] lines, (int Start, int End) block, int indent)
    {
        var pad = new string(' ', indent);
        for (var i = block.Start; i < block.End; i++)
        {
            var m = PropertyLine().Match(lines[i]);
            if (!m.Success || m.Groups[1].Value != pad) continue;
            string? type = null;
            IReadOnlyList<string> values = [];
            for (var j = i + 1; j < block.End && Indent(lines[j]) > indent; j++)
            {
                var t = lines[j].Trim();
                if (Indent(lines[j]) != indent + 2) continue;
                if (t.StartsWith("type:", StringComparison.Ordinal)) { type = t["type:".Length..].Trim().Trim('"'); break; }
                if (t.StartsWith("$ref:", StringComparison.Ordinal))
                {
                    var name = t[(t.LastIndexOf('/') + 1)..].Trim('"');
                    var enumBlock = Block(lines, name);
                    values = lines[enumBlock.Start..enumBlock.End].Where(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)).Select(l => l.Trim()[2..]).ToList();
                    type = "string";
                    break;
                }
            }
            yield return new Property(m.Groups[2].Value, type ?? "any", values);
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    public static bool HasType(JsonNode? value, string type) => value is null || type switch
    {
        "string" => value.GetValueKind() == JsonValueKind.String,
        "number" => value.GetValueKind() == JsonValueKind.Number,
        "boolean" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "array" => value is JsonArray,
        "object" => value is JsonObject,
        _ => true,
    };

    [GeneratedRegex(@"^( +)([A-Za-z_]+):$")]
    private static partial Regex PropertyLine();
}
