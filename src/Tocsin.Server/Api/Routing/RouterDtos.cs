using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Server.Api.Alerts;

namespace Tocsin.Server.Api.Routing;

/// <summary>A team or user a router sends alerts to: <c>{"kind":"team","id":3}</c>.</summary>
public sealed record RouterTargetDto(string? Kind, long Id);

/// <summary>
/// <c>{"field":"title|description|tags|urgency|meta","key":"region (meta only)","op":"equals|contains|in|regex","value":"…"}</c>;
/// <c>in</c> takes <c>values</c> instead of <c>value</c>.
/// </summary>
public sealed record RouterConditionDto(string? Field, string? Op, string? Key, string? Value, List<string>? Values);

/// <summary>All conditions must hold (an empty list always matches); the first matching rule's target wins.</summary>
public sealed record RouterRuleDto(List<RouterConditionDto>? Conditions, RouterTargetDto? Target);

/// <summary>Create or replace a router. <c>default</c> is used when no rule matches (or the router is disabled).</summary>
public sealed record RouterRequest(string? Name, bool? Enabled, List<RouterRuleDto>? Rules, RouterTargetDto? Default);

public sealed record RouterDto(long Id, string Name, bool Enabled, IReadOnlyList<RouterRuleDto> Rules, RouterTargetDto? Default,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RouterRequest))]
[JsonSerializable(typeof(RouterDto))]
[JsonSerializable(typeof(Page<RouterDto>))]
internal sealed partial class RouterJson : JsonSerializerContext;
