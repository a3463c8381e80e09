namespace Tocsin.Server.Api.Tenancy;

public sealed record TenantDto(Guid Id, string Name, DateTimeOffset CreatedAt);

public sealed record ApiKeyDto(long Id, string Name, string Prefix, IReadOnlyList<string> Permissions, long? UserId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record CreateKeyRequest(string? Name, List<string>? Permissions, long? UserId);

/// <summary>The only response that ever contains a key's secret.</summary>
public sealed record CreatedKeyDto(ApiKeyDto Key, string Secret);
