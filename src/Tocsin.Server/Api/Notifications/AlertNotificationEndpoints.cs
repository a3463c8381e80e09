using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;
using Tocsin.Core.Notifications;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Notifications;

/// <summary><c>GET /api/v1/alerts/{id}/notifications</c>: every delivery of the alert with its attempt history.</summary>
internal static class AlertNotificationEndpoints
{
    public static RouteGroupBuilder MapAlertNotifications(this RouteGroupBuilder api)
    {
        api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsRead)
            .MapGet("/{id:long}/notifications", ListAsync).Produces<AlertNotificationsDto>()
            .WithSummary("Every notification of the alert: deliveries with status and attempt history, plus intents not yet expanded");
        return api;
    }

    private static async Task<IResult> ListAsync(long id, HttpContext c, IAlertStore alerts, IDeliveryStore deliveries, IEscalationStore outbox, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        if (await alerts.GetAsync(tenant, id, ct) is null) return ApiProblems.NotFound("alert");
        var items = await deliveries.ForAlertAsync(tenant, id, ct);
        var pending = (await outbox.OutboxAsync(tenant, id, ct)).Where(m => m.Status == OutboxEvents.Scheduled);
        return TypedResults.Ok(new AlertNotificationsDto(items.Select(NotificationMapping.ToDto).ToList(), pending.Select(NotificationMapping.ToDto).ToList()));
    }
}
