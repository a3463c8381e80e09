using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tocsin.Server.Tests.Dialects.Ilert;

/// <summary>
/// Validates response bodies against ilert's own OpenAPI document (v2.2026.3-r.4, copied beside this file): types, required
/// properties, enums and date-time formats, following $ref. The TimeZone enum is treated as open, as ilert accepts any IANA id.
/// </summary>
public static class IlertSchema
{
    private static readonly Lazy<JsonNode> Spec = new(() => JsonNode.Parse(File.ReadAllText(Locate()))!);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Tocsin.Server.Tests", "Dialects", "Ilert", "ilert-openapi.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("ilert-openapi.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The JSON schema of a documented response, e.g. ("/alerts/{id}", "get", "200").</summary>
    public static JsonNode ResponseSchema(string path, string method, string status) =>
        Spec.Value["paths"]![path]![method]!["responses"]![status]!["content"]!["application/json"]!["schema"]!;

    public static void AssertResponse(JsonNode? body, string path, string method, string status)
    {
        body.ShouldNotBeNull($"{method} {path} returned no body");
        var errors = new List<string>();
        Validate(body, ResponseSchema(path, method, status), "$", errors);
        errors.ShouldBeEmpty($"{method.ToUpperInvariant()} {path} {status} body does not match ilert's schema:\n{body.ToJsonString()}");
    }

    public static void AssertSchema(JsonNode? body, string schemaName)
    {
        var errors = new List<string>();
        Validate(body, new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName }, "$", errors);
        errors.ShouldBeEmpty($"body does not match {schemaName}: {body?.ToJsonString()}");
    }

    private static JsonNode Resolve(JsonNode schema, out string? refName)
    {
        refName = null;
        while (schema["$ref"]?.GetValue<string>() is { } r)
        {
            refName = r.Split('/')[^1];
            schema = Spec.Value["components"]!["schemas"]![refName]!;
        }
        return schema;
    }

    private static void Validate(JsonNode? value, JsonNode schema, string at, List<string> errors)
    {
        schema = Resolve(schema, out var refName);
        if (schema["allOf"] is JsonArray all) { foreach (var s in all) Validate(value, s!, at, errors); return; }
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives)
        {
            if (!alternatives.Any(alt => { var e = new List<string>(); Validate(value, alt!, at, e); return e.Count == 0; }))
                errors.Add($"{at}: matches none of the alternatives");
            return;
        }
        if (value is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true) errors.Add($"{at}: null where {schema["type"]} expected");
            return;
        }
        var type = schema["type"]?.GetValue<string>();
        var kind = value.GetValueKind();
        switch (type)
        {
            case "object" or null when kind == JsonValueKind.Object:
                var obj = value.AsObject();
                foreach (var req in schema["required"]?.AsArray() ?? [])
                    if (!obj.ContainsKey(req!.GetValue<string>())) errors.Add($"{at}: required property '{req}' missing");
                var props = schema["properties"]?.AsObject();
                foreach (var (name, child) in obj)
                {
                    if (props?[name] is { } p) Validate(child, p, $"{at}.{name}", errors);
                    else if (schema["additionalProperties"] is JsonObject extra) Validate(child, extra, $"{at}.{name}", errors);
                }
                return;
            case "object":
                errors.Add($"{at}: expected object, got {kind}");
                return;
            case "array":
                if (kind != JsonValueKind.Array) { errors.Add($"{at}: expected array, got {kind}"); return; }
                var i = 0;
                foreach (var item in value.AsArray()) Validate(item, schema["items"]!, $"{at}[{i++}]", errors);
                return;
            case "string":
                if (kind != JsonValueKind.String) { errors.Add($"{at}: expected string, got {kind}"); return; }
                var s = value.GetValue<string>();
                if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    errors.Add($"{at}: '{s}' is not a date-time");
                if (schema["enum"] is JsonArray values && refName != "TimeZone" && !values.Any(v => v!.GetValue<string>() == s))
                    errors.Add($"{at}: '{s}' is not one of {values.ToJsonString()}");
                return;
            case "integer":
                if (kind != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out _)) errors.Add($"{at}: expected integer, got {value.ToJsonString()}");
                return;
            case "number":
                if (kind != JsonValueKind.Number) errors.Add($"{at}: expected number, got {kind}");
                return;
            case "boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False)) errors.Add($"{at}: expected boolean, got {kind}");
                return;
        }
    }
}
