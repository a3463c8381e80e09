namespace Tocsin.Storage;

/// <summary>The Twilio dialect's side of a core rule: its Flex instance and vendor fields as JSON (the dialect owns the shape).</summary>
public sealed record TwilioRuleRow(long RuleId, Guid TenantId, string InstanceSid, string Body, string? NotifyMethodsId);

/// <summary>A Flex notification configuration, addressed by its <c>ttid</c>; the body is the dialect's JSON.</summary>
public sealed record TwilioConfigRow(string Ttid, Guid TenantId, string InstanceSid, string Body, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// Storage of the Twilio Flex dialect (#9). Tenant-scoped like every store: another tenant's row reads as missing.
/// Core rules stay in <c>IRuleStore</c>; a <see cref="TwilioRuleRow"/> is removed with its rule (cascade).
/// </summary>
public interface ITwilioStore
{
    Task UpsertRuleAsync(TwilioRuleRow row, CancellationToken ct);

    Task<TwilioRuleRow?> GetRuleAsync(Guid tenantId, long ruleId, CancellationToken ct);

    Task<IReadOnlyList<TwilioRuleRow>> ListRulesAsync(Guid tenantId, string instanceSid, CancellationToken ct);

    /// <summary>Across tenants, for the notification worker.</summary>
    Task<IReadOnlyList<TwilioRuleRow>> ListAllRulesAsync(CancellationToken ct);

    Task<IReadOnlyList<long>> RulesUsingConfigAsync(Guid tenantId, string ttid, CancellationToken ct);

    Task CreateConfigAsync(TwilioConfigRow row, CancellationToken ct);

    Task<TwilioConfigRow?> GetConfigAsync(Guid tenantId, string ttid, CancellationToken ct);

    Task<IReadOnlyList<TwilioConfigRow>> ListConfigsAsync(Guid tenantId, string instanceSid, CancellationToken ct);

    Task<bool> UpdateConfigAsync(Guid tenantId, string ttid, string body, DateTimeOffset now, CancellationToken ct);

    Task<bool> DeleteConfigAsync(Guid tenantId, string ttid, CancellationToken ct);

    Task CreateInstanceAsync(Guid tenantId, string sid, DateTimeOffset now, CancellationToken ct);

    Task<IReadOnlyList<string>> ListInstancesAsync(Guid tenantId, CancellationToken ct);

    /// <summary>Records a delivered firing episode; false when it was already recorded.</summary>
    Task<bool> TryRecordDeliveryAsync(long ruleId, string segmentKey, DateTimeOffset firingSince, string level, DateTimeOffset now, CancellationToken ct);

    Task<bool> WasDeliveredAsync(long ruleId, string segmentKey, DateTimeOffset firingSince, string level, CancellationToken ct);
}
