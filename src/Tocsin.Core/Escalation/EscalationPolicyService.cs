using System.Security.Cryptography;
using Tocsin.Core.Alerts;
using Tocsin.Core.Common;
using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

/// <summary>Escalation policies, alert sources and maintenance windows: validation and reference checks.</summary>
public sealed class EscalationPolicyService(
    IEscalationPolicyStore policies, IAlertSourceStore sources, IMaintenanceWindowStore windows, EscalationDirectoryLoader directories, TimeProvider time)
{
    public Task<EscalationPolicy?> GetAsync(Guid tenantId, long id, CancellationToken ct) => policies.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<EscalationPolicy>> ListAsync(Guid tenantId, CancellationToken ct) => policies.ListAsync(tenantId, ct);

    public async Task<Result<EscalationPolicy>> SaveAsync(Guid tenantId, EscalationPolicy policy, CancellationToken ct)
    {
        if (policy.Id != 0 && await policies.GetAsync(tenantId, policy.Id, ct) is null) return CoreError.NotFound("escalation policy");
        if (EscalationPolicyValidator.Validate(policy) is [var first, ..]) return CoreError.Validation(first.Field, first.Message);
        var directory = await directories.LoadAsync(tenantId, ct);
        for (var i = 0; i < policy.Rules.Count; i++)
            for (var t = 0; t < policy.Rules[i].Targets.Count; t++)
            {
                var target = policy.Rules[i].Targets[t];
                var exists = target.Kind switch
                {
                    TargetKind.User => directory.UserNames.ContainsKey(target.Id),
                    TargetKind.Schedule => directory.Schedules.ContainsKey(target.Id),
                    _ => directory.Teams.ContainsKey(target.Id),
                };
                if (!exists) return CoreError.Validation($"rules[{i}].targets[{t}].id", $"{target.Kind.ToString().ToLowerInvariant()} {target.Id} does not exist");
            }
        var now = time.GetUtcNow();
        if (policy.Id == 0) return policy with { Id = await policies.InsertAsync(tenantId, policy, now, ct) };
        await policies.UpdateAsync(tenantId, policy, now, ct);
        return policy;
    }

    public async Task<Result<bool>> DeleteAsync(Guid tenantId, long id, CancellationToken ct)
    {
        if (await policies.GetAsync(tenantId, id, ct) is null) return CoreError.NotFound("escalation policy");
        var usages = await policies.UsagesAsync(tenantId, id, ct);
        if (usages.Count > 0) return CoreError.Conflict("policy is still used by " + DirectoryService.Describe(usages), "id");
        return await policies.DeleteAsync(tenantId, id, ct);
    }

    public Task<AlertSource?> GetSourceAsync(Guid tenantId, long id, CancellationToken ct) => sources.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<AlertSource>> ListSourcesAsync(Guid tenantId, CancellationToken ct) => sources.ListAsync(tenantId, ct);
    /// <summary>#8: the source (and its tenant) an integration key alone addresses.</summary>
    public Task<(Guid TenantId, AlertSource Source)?> FindSourceByKeyAsync(string integrationKey, CancellationToken ct) => sources.FindByIntegrationKeyAsync(integrationKey, ct);

    /// <summary>A new source gets a random integration key; an update keeps the stored one.</summary>
    public async Task<Result<AlertSource>> SaveSourceAsync(Guid tenantId, AlertSource source, CancellationToken ct)
    {
        var existing = source.Id == 0 ? null : await sources.GetAsync(tenantId, source.Id, ct);
        if (source.Id != 0 && existing is null) return CoreError.NotFound("source");
        if (string.IsNullOrWhiteSpace(source.Name) || source.Name.Length > 200) return CoreError.Validation("name", "must be 1 to 200 characters");
        if (source.EscalationPolicyId is { } pid && await policies.GetAsync(tenantId, pid, ct) is null)
            return CoreError.Validation("escalationPolicyId", $"escalation policy {pid} does not exist");
        if (source.SupportHours?.Validate() is [var first, ..]) return CoreError.Validation(first.Field, first.Message);
        if (source.AutoResolveTimeout is { } ar && ar <= TimeSpan.Zero) return CoreError.Validation("autoResolveTimeoutMinutes", "must be greater than zero");
        if (source.GroupingWindow is { } gw && gw <= TimeSpan.Zero) return CoreError.Validation("groupingWindowMinutes", "must be greater than zero");
        // The window is what the grouping mode groups by, and nothing else reads it: a window under another mode would be stored and never enforced.
        var windowed = AlertCreation.UsesGroupingWindow(source.CreationMode);
        if (windowed && source.GroupingWindow is null)
            return CoreError.Validation("groupingWindowMinutes", "is required by alertCreation one_alert_grouped_per_window and intelligent_grouping");
        if (!windowed && source.GroupingWindow is not null)
            return CoreError.Validation("groupingWindowMinutes", "only applies to alertCreation one_alert_grouped_per_window and intelligent_grouping");
        // NaN fails both comparisons, so it is refused too.
        if (source.ScoreThreshold is { } score && !(score >= 0 && score <= 1)) return CoreError.Validation("scoreThreshold", "must be between 0 and 1");
        // The threshold only means something to intelligent grouping: stored (with its default) there, dropped elsewhere, as clients
        // that read a source and write it back under another mode may still carry it.
        source = source with
        {
            ScoreThreshold = source.CreationMode == AlertCreationMode.IntelligentGrouping ? source.ScoreThreshold ?? AlertCreation.DefaultScoreThreshold : null,
        };
        var now = time.GetUtcNow();
        if (existing is null)
        {
            source = source with { IntegrationKey = "src_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) };
            return source with { Id = await sources.InsertAsync(tenantId, source, now, ct) };
        }
        source = source with { IntegrationKey = existing.IntegrationKey };
        await sources.UpdateAsync(tenantId, source, now, ct);
        return source;
    }

    public async Task<Result<bool>> DeleteSourceAsync(Guid tenantId, long id, CancellationToken ct) =>
        await sources.DeleteAsync(tenantId, id, ct) ? true : CoreError.NotFound("source");

    /// <summary>Turns an event's source reference (id or integration key) into the source id, or names the bad field.</summary>
    public async Task<Result<AlertSource>> ResolveSourceAsync(Guid tenantId, long? sourceId, string? integrationKey, string at, CancellationToken ct)
    {
        if (sourceId is { } id)
            return await sources.GetAsync(tenantId, id, ct) is { } s ? s : CoreError.Validation(at + "sourceId", $"source {id} does not exist");
        return await sources.FindByIntegrationKeyAsync(tenantId, integrationKey!, ct) is { } k ? k : CoreError.Validation(at + "integrationKey", "no source has this integration key");
    }

    public Task<MaintenanceWindow?> GetWindowAsync(Guid tenantId, long id, CancellationToken ct) => windows.GetAsync(tenantId, id, ct);
    public Task<IReadOnlyList<MaintenanceWindow>> ListWindowsAsync(Guid tenantId, CancellationToken ct) => windows.ListAsync(tenantId, ct);

    public async Task<Result<MaintenanceWindow>> SaveWindowAsync(Guid tenantId, MaintenanceWindow window, CancellationToken ct)
    {
        if (window.End <= window.Start) return CoreError.Validation("end", "must be after start");
        if (window.Description is { Length: > 1000 }) return CoreError.Validation("description", "must be at most 1000 characters");
        for (var i = 0; i < window.SourceIds.Count; i++)
            if (await sources.GetAsync(tenantId, window.SourceIds[i], ct) is null)
                return CoreError.Validation($"sourceIds[{i}]", $"source {window.SourceIds[i]} does not exist");
        if (window.Id == 0) return window with { Id = await windows.InsertAsync(tenantId, window, time.GetUtcNow(), ct) };
        return await windows.UpdateAsync(tenantId, window, ct) ? window : CoreError.NotFound("maintenance window");
    }

    public async Task<Result<bool>> DeleteWindowAsync(Guid tenantId, long id, CancellationToken ct) =>
        await windows.DeleteAsync(tenantId, id, ct) ? true : CoreError.NotFound("maintenance window");
}
