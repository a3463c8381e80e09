using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;

namespace Tocsin.Server.Dialects.Ilert;

/// <summary>
/// Reads, through the core services, everything an ilert alert object shows besides the alert itself: its source with policy and
/// support hours, the escalation row (policy snapshot, next step), user names. One load per request, whatever the page size.
/// </summary>
internal sealed class IlertAlertLoader(
    EscalationPolicyService policies, DirectoryService directory, IEscalationStore escalations, EscalationDirectoryLoader directories)
{
    public async Task<IlertAlertContext> LoadAsync(HttpContext http, Guid tenantId, IReadOnlyList<Alert> alerts, CancellationToken ct)
    {
        var sources = (await policies.ListSourcesAsync(tenantId, ct)).ToDictionary(s => s.Id);
        var policyMap = (await policies.ListAsync(tenantId, ct)).ToDictionary(p => p.Id);
        var users = await UsersAsync(tenantId, ct);
        var states = new Dictionary<long, EscalationState>();
        foreach (var a in alerts)
            if (await escalations.GetAsync(tenantId, a.Id, ct) is { } s) states[a.Id] = s;
        var dir = await directories.LoadAsync(tenantId, ct);
        return new IlertAlertContext(sources, policyMap, users, states, dir, BaseUrl(http));
    }

    public async Task<IReadOnlyDictionary<long, User>> UsersAsync(Guid tenantId, CancellationToken ct) =>
        (await directory.ListUsersAsync(tenantId, ct)).ToDictionary(u => u.Id);

    public static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";
}
