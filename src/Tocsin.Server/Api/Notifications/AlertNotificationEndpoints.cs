using Tocsin.Core.Alerts;
using Tocsin.Core.Escalation;
using Tocsin.Core.Notifications;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Auth;
using Tocsin.Server.Notifications;

namespace Tocsin.Server.Api.Notifications;

/// <summary><c>GET /api/v1/alerts/{id}/notifications</c>: every delivery of the alert with its attempt history.</summary>
internal static class AlertNotificationEndpoints
{
    public static RouteGroupBuilder MapAlertNotifications(this RouteGroupBuilder api)
    {
        api.MapGroup("/alerts").WithTags("Alerts").RequireAuthorization(Permission.AlertsRead)
            .MapGet("/{id:long}/notifications", ListAsync).Produces<AlertNotificationsDto>()
            .WithSummary("Every notification of the alert: deliveries with status and attempt history, plus intents not yet expanded");
        // The SMS/voice provider's status callback: no API key (the provider has none), the URL's token authenticates it.
        api.MapPost(ProviderCallback.PathTemplate, ProviderStatusAsync).AllowAnonymous().WithTags("Alerts")
            .Produces(204).ProducesProblem(400).ProducesProblem(404)
            .WithSummary("Twilio-style status callback (form: MessageSid/CallSid, MessageStatus/CallStatus, ErrorCode) → DELIVERED or FAILED");
        return api;
    }

    private static async Task<IResult> ProviderStatusAsync(long id, string? token, HttpContext c, SmsOptions sms, IDeliveryStore deliveries, TimeProvider time,
        CancellationToken ct)
    {
        if (!ProviderCallback.Verify(sms, id, token)) return ApiProblems.NotFound("notification");
        if (!c.Request.HasFormContentType)
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, "Bad request", "the provider posts application/x-www-form-urlencoded", "MessageStatus");
        var form = await c.Request.ReadFormAsync(ct);
        var status = First(form, "MessageStatus") ?? First(form, "CallStatus") ?? First(form, "SmsStatus");
        if (status is null) return ApiProblems.Validation("MessageStatus", "MessageStatus (or CallStatus) is required");
        if (ProviderCallback.Interpret(status, First(form, "ErrorCode")) is not { } outcome) return TypedResults.NoContent();
        var sid = First(form, "MessageSid") ?? First(form, "CallSid") ?? First(form, "SmsSid");
        return await deliveries.ConfirmAsync(id, sid, outcome.Status, outcome.Error, time.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("sent notification");
    }

    private static string? First(IFormCollection form, string key) => form[key].FirstOrDefault() is { Length: > 0 } v ? v : null;

    private static async Task<IResult> ListAsync(long id, HttpContext c, IAlertStore alerts, IDeliveryStore deliveries, IEscalationStore outbox, CancellationToken ct)
    {
        var tenant = c.Caller().TenantId;
        if (await alerts.GetAsync(tenant, id, ct) is null) return ApiProblems.NotFound("alert");
        var items = await deliveries.ForAlertAsync(tenant, id, ct);
        var pending = (await outbox.OutboxAsync(tenant, id, ct)).Where(m => m.Status == OutboxEvents.Scheduled);
        return TypedResults.Ok(new AlertNotificationsDto(items.Select(NotificationMapping.ToDto).ToList(), pending.Select(NotificationMapping.ToDto).ToList()));
    }
}
