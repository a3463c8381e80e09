using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.Metrics;

namespace Tocsin.Core.Rules;

/// <summary>Rule commands and reads for the APIs. Callers validate first (<see cref="RuleValidator"/>), so only compiled rules are stored.</summary>
public sealed class RuleService(IRuleStore store, SeriesStore series, AlertService alerts, TimeProvider time, RuleEventCounter events)
{
    /// <summary>
    /// Retention grows with the rules (<see cref="RuleRetention"/>) up to <see cref="SeriesStoreOptions.MaxRetention"/>; a rule
    /// needing more would silently aggregate only part of its window, so it is refused. The window alone is capped lower by
    /// the validator, so what overflows here is the hold.
    /// </summary>
    public RuleFieldError? CheckRetention(Rule rule) => RuleRetention.For(rule) > series.Options.MaxRetention
        ? new RuleFieldError("holdDuration", rule.Kind == RuleKind.Baseline
            ? $"a baseline reads {1 + AnomalyDefaults.BaselineWindows} windows; {1 + AnomalyDefaults.BaselineWindows} × window + hold + {RuleRetention.Margin} must be at most the metrics retention ceiling ({series.Options.MaxRetention})"
            : $"window + hold + {RuleRetention.Margin} must be at most the metrics retention ceiling ({series.Options.MaxRetention}); raise Tocsin:Metrics:MaxRetention for longer ones")
        : null;

    /// <summary>Sets the series retention from every enabled rule; called after each rule change and by the evaluation worker at start.</summary>
    public async Task RefreshRetentionAsync(CancellationToken ct)
    {
        var all = await store.ListForEvaluationAsync(ct);
        RuleRetention.Apply(series, all.Select(r => r.Record.Rule));
        events.Watch(all.Select(r => r.Record.Rule));
    }

    public Task<IReadOnlyList<RuleRecord>> ListAsync(Guid tenantId, CancellationToken ct) => store.ListAsync(tenantId, ct);

    public Task<RuleRecord?> GetAsync(Guid tenantId, long id, CancellationToken ct) => store.GetAsync(tenantId, id, ct);

    public async Task<Result<RuleRecord>> CreateAsync(CompiledRule compiled, CancellationToken ct)
    {
        var created = await store.CreateAsync(compiled.Rule with { Id = 0, Version = 1 }, time.GetUtcNow(), ct);
        if (created.IsOk) await RefreshRetentionAsync(ct);
        return created;
    }

    public async Task<Result<RuleRecord>> UpdateAsync(CompiledRule compiled, int expectedVersion, CancellationToken ct)
    {
        var updated = await store.UpdateAsync(compiled.Rule, expectedVersion, time.GetUtcNow(), ct);
        if (updated.IsOk) await RefreshRetentionAsync(ct);
        return updated;
    }

    /// <summary>Deletes the rule and resolves the alerts its firing segments hold open, which nothing else would ever clear.</summary>
    public async Task<Result<bool>> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        var states = await store.DeleteAsync(tenantId, id, ct);
        if (states is null) return CoreError.NotFound("rule");
        await RefreshRetentionAsync(ct);
        var resolves = states.Values.Where(s => s.Status == SegmentStatus.Firing)
            .Select(s => RuleAlertMapping.Resolve(RuleDecision.DedupKeyFor(id, s.SegmentKey))).ToList();
        if (resolves.Count > 0)
        {
            var result = await alerts.IngestAsync(tenantId, RuleAlertMapping.Actor, resolves, null, "", ct);
            if (!result.IsOk) return result.Error!;
        }
        return true;
    }

    /// <summary>Evaluates the rule now against current data and its persisted states; nothing is stored or raised.</summary>
    public async Task<(RuleRecord Record, RuleEvaluation Evaluation)?> PreviewAsync(Guid tenantId, long id, CancellationToken ct)
    {
        var record = await store.GetAsync(tenantId, id, ct);
        if (record is null) return null;
        var compiled = RuleValidator.Validate(record.Rule).Compiled
            ?? throw new InvalidOperationException($"stored rule {id} no longer validates");
        var states = await store.GetStatesAsync(tenantId, id, ct);
        return (record, RuleEvaluator.Evaluate(compiled, series, states, time.GetUtcNow(), events));
    }

    /// <summary>The raw samples in the rule's window now, per segment (the console's chart); nothing is evaluated or stored.</summary>
    public async Task<(RuleRecord Record, RuleWindowData Window)?> WindowAsync(Guid tenantId, long id, int maxPointsPerSeries, CancellationToken ct)
    {
        var record = await store.GetAsync(tenantId, id, ct);
        if (record is null) return null;
        var compiled = RuleValidator.Validate(record.Rule).Compiled
            ?? throw new InvalidOperationException($"stored rule {id} no longer validates");
        return (record, RuleWindow.Read(compiled, series, time.GetUtcNow(), maxPointsPerSeries));
    }

    public async Task<(RuleRecord Record, IReadOnlyDictionary<string, SegmentState> States)?> StateAsync(Guid tenantId, long id, CancellationToken ct)
    {
        var record = await store.GetAsync(tenantId, id, ct);
        if (record is null) return null;
        return (record, await store.GetStatesAsync(tenantId, id, ct));
    }
}
