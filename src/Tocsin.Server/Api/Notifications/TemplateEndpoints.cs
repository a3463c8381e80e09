using Tocsin.Core.Notifications;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.OnCall;
using Tocsin.Server.Auth;

namespace Tocsin.Server.Api.Notifications;

/// <summary>/api/v1/templates: Handlebars overrides per channel and event, with test rendering against a sample alert.</summary>
internal static class TemplateEndpoints
{
    public static RouteGroupBuilder MapTemplates(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/templates").WithTags("Templates").RequireAuthorization(Permission.AlertsRead);
        var write = api.MapGroup("/templates").WithTags("Templates").RequireAuthorization(Permission.AlertsWrite);
        read.MapGet("/", ListAsync).Produces<Page<TemplateDto>>().WithSummary("List template overrides");
        read.MapGet("/{id:long}", GetAsync).Produces<TemplateDto>().WithSummary("Get a template override");
        read.MapPost("/{id:long}/render", RenderStoredAsync).Produces<RenderedDto>().WithSummary("Render a stored template against a sample alert");
        read.MapPost("/render", RenderInlineAsync).Accepts<TemplateRequest>("application/json").Produces<RenderedDto>()
            .WithSummary("Render an inline template against a sample alert; syntax errors are 400 naming subject/text/html/json");
        write.MapPost("/", (HttpContext c, NotificationSettingsService s, CancellationToken ct) => SaveAsync(0, c, s, ct))
            .Accepts<TemplateRequest>("application/json").Produces<TemplateDto>(201).WithSummary("Create an override (one per channel and event)");
        write.MapPut("/{id:long}", SaveAsync).Accepts<TemplateRequest>("application/json").Produces<TemplateDto>().WithSummary("Replace an override");
        write.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete an override; the default applies again");
        return api;
    }

    private static async Task<IResult> ListAsync(HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        TypedResults.Ok(new Page<TemplateDto>((await s.TemplatesAsync(c.Caller().TenantId, ct)).Select(NotificationMapping.ToDto).ToList(), null));

    private static async Task<IResult> GetAsync(long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        ApiResults.Found(await s.TemplateAsync(c.Caller().TenantId, id, ct), NotificationMapping.ToDto, "template");

    private static async Task<IResult> SaveAsync(long id, HttpContext c, NotificationSettingsService s, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, NotificationJson.Default.TemplateRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var template = NotificationMapping.ToTemplate(body.Value!, id);
        if (!template.IsOk) return ApiProblems.From(template.Error!);
        var saved = await s.SaveTemplateAsync(c.Caller().TenantId, template.Value!, ct);
        return id == 0 ? ApiResults.Created(saved, NotificationMapping.ToDto, t => $"/api/v1/templates/{t.Id}") : ApiResults.Ok(saved, NotificationMapping.ToDto);
    }

    private static async Task<IResult> DeleteAsync(long id, HttpContext c, INotificationSettingsStore s, CancellationToken ct) =>
        await s.DeleteTemplateAsync(c.Caller().TenantId, id, ct) ? TypedResults.NoContent() : ApiProblems.NotFound("template");

    private static async Task<IResult> RenderStoredAsync(long id, HttpContext c, INotificationSettingsStore s, NotificationTemplates templates, CancellationToken ct) =>
        await s.TemplateAsync(c.Caller().TenantId, id, ct) is { } t ? Render(templates, t) : ApiProblems.NotFound("template");

    private static async Task<IResult> RenderInlineAsync(HttpContext c, NotificationTemplates templates, CancellationToken ct)
    {
        var body = await ApiBody.ReadJsonAsync(c.Request, NotificationJson.Default.TemplateRequest, ct);
        if (!body.IsOk) return ApiProblems.From(body.Error!);
        var template = NotificationMapping.ToTemplate(body.Value!, 0);
        return template.IsOk ? Render(templates, template.Value!) : ApiProblems.From(template.Error!);
    }

    private static IResult Render(NotificationTemplates templates, StoredTemplate t) =>
        templates.Validate(t.Set) is [var error, ..]
            ? ApiProblems.Validation(error.Field, error.Message)
            : TypedResults.Ok(NotificationMapping.ToDto(templates.Render(t.Channel, t.Event, NotificationTemplates.SampleContext, t.Set)));
}
