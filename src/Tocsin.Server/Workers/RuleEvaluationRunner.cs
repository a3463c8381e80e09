using Tocsin.Core.Alerts;
using Tocsin.Core.Metrics;
using Tocsin.Core.Rules;

namespace Tocsin.Server.Workers;

/// <summary>What one tick did, for tests and diagnostics.</summary>
internal sealed record RuleTick(int Evaluated, int Decisions, int ExpiredSeries);

/// <summary>
/// One evaluation tick: expire stale series, load rules and their states, evaluate the due ones with the pure
/// <see cref="RuleEvaluator"/>, raise decisions through <see cref="AlertService"/>, persist the new states.
/// </summary>
internal sealed class RuleEvaluationRunner(IRuleStore rules, SeriesStore series, RuleEventCounter eventCounts, AlertService alerts, TimeProvider time, ILogger<RuleEvaluationRunner> log)
{
    // Ticks never overlap: the worker and a test (or two workers in one process) would otherwise evaluate the same rule twice.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<long, CompiledRule> _compiled = [];

    public async Task<RuleTick> RunOnceAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            var updates = new List<RuleStateUpdate>();
            var events = new Dictionary<Guid, List<AlertEvent>>();
            var compiled = new Dictionary<long, CompiledRule>();
            var runtimes = await rules.ListForEvaluationAsync(ct);
            // Also set on every rule change; here it catches changes made by another node and the state at start.
            RuleRetention.Apply(series, runtimes.Select(r => r.Record.Rule));
            eventCounts.Watch(runtimes.Select(r => r.Record.Rule));
            var expired = series.ExpireStale(now);
            foreach (var (record, states) in runtimes)
            {
                var rule = record.Rule;
                if (Compile(rule) is not { } c) continue;
                compiled[rule.Id] = c;
                if (!IsDue(record, states, now)) continue;
                var evaluation = RuleEvaluator.Evaluate(c, series, states, now, eventCounts);
                if (evaluation.Decisions.Count > 0)
                {
                    if (!events.TryGetValue(rule.TenantId, out var list)) events[rule.TenantId] = list = [];
                    list.AddRange(evaluation.Decisions.Select(d => RuleAlertMapping.ToEvent(c, d, now)));
                }
                updates.Add(new RuleStateUpdate(rule.TenantId, rule.Id, evaluation.States, now) { RenotifyEvery = rule.Enabled ? rule.RenotifyInterval : null });
            }
            _compiled = compiled;

            // Alerts first, states second: if the state write fails the next tick decides again and dedup absorbs the
            // repeat; the other order could persist "firing" for an alert that was never raised.
            var decisions = 0;
            foreach (var (tenant, list) in events)
            {
                var result = await alerts.IngestAsync(tenant, RuleAlertMapping.Actor, list, null, "", ct);
                if (result.IsOk) { decisions += list.Count; continue; }
                RuleLogMessages.IngestRefused(log, tenant, result.Error!.Message);
                updates.RemoveAll(u => u.TenantId == tenant);
            }
            await rules.SaveEvaluationsAsync(updates, ct);
            return new RuleTick(updates.Count, decisions, expired);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A rule runs once per evaluation step; a disabled rule that still holds states runs at once to resolve them.</summary>
    private static bool IsDue(RuleRecord record, IReadOnlyDictionary<string, SegmentState> states, DateTimeOffset now) =>
        !record.Rule.Enabled ? states.Count > 0
        : record.LastEvaluatedAt is not { } last || now - last >= record.Rule.EvaluationStep;

    /// <summary>Parsing is cached per rule version; a stored rule that no longer validates is logged and skipped, not fatal.</summary>
    private CompiledRule? Compile(Rule rule)
    {
        if (_compiled.TryGetValue(rule.Id, out var cached) && cached.Rule.Version == rule.Version && cached.Rule.TenantId == rule.TenantId) return cached;
        var validation = RuleValidator.Validate(rule);
        if (validation.Compiled is null)
            RuleLogMessages.RuleInvalid(log, rule.Id, rule.TenantId, string.Join("; ", validation.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return validation.Compiled;
    }
}
