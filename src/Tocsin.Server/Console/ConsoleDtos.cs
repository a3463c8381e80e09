using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.WebConsole;

public sealed record ConsoleLoginRequest(string? Key);

/// <summary>Who the console is logged in as: enough for the header and for hiding buttons the key cannot use.</summary>
public sealed record ConsoleSessionDto(Guid TenantId, string TenantName, long KeyId, IReadOnlyList<string> Permissions);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsoleLoginRequest))]
[JsonSerializable(typeof(ConsoleSessionDto))]
internal sealed partial class ConsoleJson : JsonSerializerContext;
