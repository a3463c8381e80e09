using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.Api.Rules;

/// <summary>Source-generated JSON for the rules API (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuleRequest))]
[JsonSerializable(typeof(RuleDto))]
[JsonSerializable(typeof(RuleListDto))]
[JsonSerializable(typeof(RuleValidateRequest))]
[JsonSerializable(typeof(RuleValidateResponse))]
[JsonSerializable(typeof(RuleStateDto))]
[JsonSerializable(typeof(RulePreviewDto))]
[JsonSerializable(typeof(RuleWindowDto))]
internal sealed partial class RuleJson : JsonSerializerContext;
