using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tocsin.Server.WebConsole;

public sealed record ConsoleLoginRequest(string? Key);

/// <summary>
/// Who the console is logged in as: enough for the header and for hiding buttons the key cannot use. <c>userId</c> and
/// <c>userName</c> are set when the key is bound to a user, the only kind of key with an inbox.
/// </summary>
public sealed record ConsoleSessionDto(Guid TenantId, string TenantName, long KeyId, IReadOnlyList<string> Permissions, long? UserId = null, string? UserName = null);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConsoleLoginRequest))]
[JsonSerializable(typeof(ConsoleSessionDto))]
internal sealed partial class ConsoleJson : JsonSerializerContext;
