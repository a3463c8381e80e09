namespace Tocsin.Core.Rules;

/// <summary>A firing segment whose re-notification period is due, claimed by one worker until <see cref="RuleRenotifyRunner.Lease"/> passes.</summary>
/// <param name="Period">Re-notifications already done in this firing episode; this claim does period <c>Period + 1</c>.</param>
public sealed record DueRuleRenotify(Guid TenantId, long RuleId, string SegmentKey, long Period, DateTimeOffset DueAt, TimeSpan Every);

/// <summary>
/// "Timers are data": one row per firing segment of a rule with re-notify minutes. The rows are written with the segment
/// states (<see cref="IRuleStore.SaveEvaluationsAsync"/> and <see cref="RuleStateUpdate.RenotifyEvery"/>); this is the worker's side.
/// </summary>
public interface IRuleRenotifyStore
{
    /// <summary>Claims up to <paramref name="limit"/> rows due at <paramref name="now"/> whose lease is free, leasing them until <paramref name="leaseUntil"/>.</summary>
    Task<IReadOnlyList<DueRuleRenotify>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int limit, CancellationToken ct);

    /// <summary>Ends a claim: period + 1, next due time, lease released. A no-op when the row moved on or went away meanwhile.</summary>
    Task CompleteAsync(DueRuleRenotify claimed, DateTimeOffset nextDueAt, CancellationToken ct);
}
