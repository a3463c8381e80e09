using Tocsin.Core.Common;

namespace Tocsin.Core.Rules;

/// <summary>A stored rule with the times the store keeps beside it.</summary>
public sealed record RuleRecord(Rule Rule, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? LastEvaluatedAt);

/// <summary>What the evaluation worker needs of one rule: the rule and its segment states as last persisted.</summary>
public sealed record RuleRuntime(RuleRecord Record, IReadOnlyDictionary<string, SegmentState> States);

/// <summary>One rule's evaluation result to persist: its full set of segment states replaces the previous one.</summary>
public sealed record RuleStateUpdate(Guid TenantId, long RuleId, IReadOnlyDictionary<string, SegmentState> States, DateTimeOffset EvaluatedAt)
{
    /// <summary>The rule's re-notify interval: its firing segments get a due re-notification row (<see cref="IRuleRenotifyStore"/>) in the same write.</summary>
    public TimeSpan? RenotifyEvery { get; init; }
}

/// <summary>
/// Rules and their evaluation state. Every method but the worker's two is tenant-scoped: a rule of another
/// tenant is reported exactly like a missing one.
/// </summary>
public interface IRuleStore
{
    /// <summary>Stores a new rule at version 1; a duplicate name in the tenant is a conflict on <c>name</c>.</summary>
    Task<Result<RuleRecord>> CreateAsync(Rule rule, DateTimeOffset now, CancellationToken ct);

    Task<RuleRecord?> GetAsync(Guid tenantId, long id, CancellationToken ct);

    Task<IReadOnlyList<RuleRecord>> ListAsync(Guid tenantId, CancellationToken ct);

    /// <summary>
    /// Replaces the rule only when its stored version is <paramref name="expectedVersion"/>, then increments the version.
    /// A stale version is a conflict on <c>version</c>; a duplicate name a conflict on <c>name</c>.
    /// </summary>
    Task<Result<RuleRecord>> UpdateAsync(Rule rule, int expectedVersion, DateTimeOffset now, CancellationToken ct);

    /// <summary>Deletes the rule and its states; returns the states it had (so the caller can resolve what it raised), or null if not found.</summary>
    Task<IReadOnlyDictionary<string, SegmentState>?> DeleteAsync(Guid tenantId, long id, CancellationToken ct);

    Task<IReadOnlyDictionary<string, SegmentState>> GetStatesAsync(Guid tenantId, long ruleId, CancellationToken ct);

    /// <summary>Across tenants: enabled rules, and disabled ones that still hold states (so their alerts get resolved).</summary>
    Task<IReadOnlyList<RuleRuntime>> ListForEvaluationAsync(CancellationToken ct);

    /// <summary>Persists a tick's evaluations in one transaction; updates for rules deleted meanwhile are skipped.</summary>
    Task SaveEvaluationsAsync(IReadOnlyList<RuleStateUpdate> updates, CancellationToken ct);
}
