using Tocsin.Core.Notifications;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Notifications;

/// <summary>/api/v1/users/{userId}/contact-methods and /notification-rules: how and when each user is reached.</summary>
internal static class ContactMethodEndpoints
{
    public static RouteGroupBuilder MapContactMethods(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/users/{userId:long}").WithTags("Contact methods").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/users/{userId:long}").WithTags("Contact methods").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/contact-methods", ListMethodsAsync).Produces<Page<ContactMethodDto>>().WithSummary("List a user's contact methods");
        read.MapGet("/contact-methods/{id:long}", GetMethodAsync).Produces<ContactMethodDto>().WithSummary("Get a contact method");
        write.MapPost("/contact-methods", (long userId, HttpContext c, NotificationSettingsService s, CancellationToken ct) => SaveMethodAsync(userId, 0, c, s, ct))
            .Accepts<ContactMethodRequest>("application/json").Produces<ContactMethodDto>(201).WithSummary("Add a contact method; the target is validated now");
        write.MapPut("/contact-methods/{id:long}", SaveMethodAsync).Accepts<ContactMethodRequest>("application/json").Produces<ContactMethodDto>().WithSummary("Replace a contact method");
        write.MapDelete("/contact-methods/{id:long}", DeleteMethodAsync).WithSummary("Delete a contact method and the rules using it");
        read.MapGet("/notification-rules", ListRulesAsync).Produces<Page<NotificationRuleDto>>().WithTags("Notification rules").WithSummary("List a user's notification rules");
        write.MapPost("/notification-rules", (long userId, HttpContext c, NotificationSettingsService s, CancellationToken ct) => SaveRuleAsync(userId, 0, c, s, ct))
            .Accepts<NotificationRuleRequest>("application/json").Produces<NotificationRuleDto>(201).WithTags("Notification rules")
            .WithSummary("Add a rule: notify via a contact method after delayMinutes unacknowledged");
        write.MapPut("/notification-rules/{id:long}", SaveRuleAsync).Accepts<NotificationRuleRequest>("application/json").Produces<NotificationRuleDto>()
            .WithTags("Notification rules").WithSummary("Replace a notification rule");
        write.MapDelete("/notification-rules/{id:long}", DeleteRuleAsync).WithTags("Notification rules").WithSummary("Delete a notification rule");
        return api;
    }

    private static async Task<IResult> ListMethodsAsync(long userId, HttpContext c, NotificationSettingsService s, CancellationToken ct) =>
        ApiResults.Ok(await s.ContactMethodsAsync(c.Caller().TenantId, userId, ct), l => new Page<ContactMethodDto>(l.Select(NotificationMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetMethodAsync(long userId, long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        ApiResults.Found(await s.ContactMethodAsync(c.Caller().TenantId, userId, id, ct), NotificationMapping.ToDto, "contact method");

    private static async Task<IResult> SaveMethodAsync(long userId, long id, HttpContext c, NotificationSettingsService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, NotificationJson.Default.ContactMethodRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var method = NotificationMapping.ToContactMethod(body.Value!, userId, id);
        if (!method.IsOk) return ApiProblems.From(method.Error!);
        var saved = await s.SaveContactMethodAsync(c.Caller().TenantId, method.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, NotificationMapping.ToDto, m => $"/api/v1/users/{userId}/contact-methods/{m.Id}") : ApiResults.Ok(saved, NotificationMapping.ToDto);
    }

    private static async Task<IResult> DeleteMethodAsync(long userId, long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        await s.DeleteContactMethodAsync(c.Caller().TenantId, userId, id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("contact method");

    private static async Task<IResult> ListRulesAsync(long userId, HttpContext c, NotificationSettingsService s, CancellationToken ct) =>
        ApiResults.Ok(await s.RulesAsync(c.Caller().TenantId, userId, ct), l => new Page<NotificationRuleDto>(l.Select(NotificationMapping.ToDto).ToList(), null));

    private static async Task<IResult> SaveRuleAsync(long userId, long id, HttpContext c, NotificationSettingsService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, NotificationJson.Default.NotificationRuleRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var rule = NotificationMapping.ToRule(body.Value!, userId, id);
        if (!rule.IsOk) return ApiProblems.From(rule.Error!);
        var saved = await s.SaveRuleAsync(c.Caller().TenantId, rule.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, NotificationMapping.ToDto, r => $"/api/v1/users/{userId}/notification-rules/{r.Id}") : ApiResults.Ok(saved, NotificationMapping.ToDto);
    }

    private static async Task<IResult> DeleteRuleAsync(long userId, long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        await s.DeleteRuleAsync(c.Caller().TenantId, userId, id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("notification rule");
}
