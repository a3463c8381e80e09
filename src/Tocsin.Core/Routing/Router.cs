using System.Text.Json.Nodes;
using Tocsin.Core.Escalation;

namespace Tocsin.Core.Routing;

/// <summary>What a condition looks at: the alert's title, description (details), tags, urgency (priority name) or one meta key.</summary>
public enum RouterField { Title, Description, Tags, Urgency, Meta }

/// <summary>
/// <c>equals</c>, <c>contains</c> and <c>in</c> compare case-insensitively; <c>regex</c> is a
/// .NET regular expression, case-sensitive unless it says <c>(?i)</c>. On tags every operator asks "does any tag …".
/// </summary>
public enum RouterOp { Equal, Contains, In, Regex }

/// <summary>One test; <see cref="Key"/> is the meta key (only for <see cref="RouterField.Meta"/>); <see cref="Values"/> has one entry except for <see cref="RouterOp.In"/>.</summary>
public sealed record RouterCondition(RouterField Field, RouterOp Op, IReadOnlyList<string> Values, string? Key = null);

/// <summary>All conditions must hold (none: always matches); the first matching rule's target (a user or team) wins.</summary>
public sealed record RouterRule(IReadOnlyList<RouterCondition> Conditions, EscalationTarget Target);

/// <summary>
/// An ordered list of match rules that picks a team or user for a new alert (#10, PagerTree's <c>rtr_</c>).
/// <see cref="Default"/> is used when nothing matches or the router is disabled.
/// </summary>
public sealed record Router(long Id, string Name, bool Enabled, IReadOnlyList<RouterRule> Rules, EscalationTarget? Default)
{
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The alert fields a router looks at. <see cref="Urgency"/> is the core priority name (critical, high, medium, low, info).</summary>
public sealed record RouterInput(string Title, string? Description, IReadOnlyList<string> Tags, string Urgency, JsonObject? Meta);

public interface IRouterStore
{
    Task<Router?> GetAsync(Guid tenantId, long id, CancellationToken ct);
    Task<IReadOnlyList<Router>> ListAsync(Guid tenantId, CancellationToken ct);
    Task<long> InsertAsync(Guid tenantId, Router router, DateTimeOffset now, CancellationToken ct);
    Task<bool> UpdateAsync(Guid tenantId, Router router, DateTimeOffset now, CancellationToken ct);
    Task<bool> DeleteAsync(Guid tenantId, long id, CancellationToken ct);
}
