namespace Tocsin.Server.Api.Tenancy;

public sealed record TenantDto(Guid Id, string Name, DateTimeOffset CreatedAt, TenantTwilioDto? Twilio = null);

/// <summary>#9: the Twilio Flex dialect's credentials: HTTP Basic with the account SID as username and an API key as password.</summary>
public sealed record TenantTwilioDto(string AccountSid, IReadOnlyList<string> InstanceSids);

public sealed record ApiKeyDto(long Id, string Name, string Prefix, IReadOnlyList<string> Permissions, long? UserId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record CreateKeyRequest(string? Name, List<string>? Permissions, long? UserId);

/// <summary>The only response that ever contains a key's secret.</summary>
public sealed record CreatedKeyDto(ApiKeyDto Key, string Secret);
