namespace Tocsin.Core.Notifications;

/// <summary>
/// The Handlebars sources for one channel and event. A null part is not rendered. <see cref="Json"/> is rendered with
/// JSON string escaping (write <c>"{{alert.title}}"</c>), <see cref="Html"/> with HTML escaping, the rest verbatim.
/// </summary>
public sealed record TemplateSet(string Subject, string? Text, string? Html = null, string? Json = null);

/// <summary>The output of <see cref="NotificationTemplates.Render"/>, ready for an <see cref="Delivery"/>.</summary>
public sealed record RenderedNotification(string Subject, string? Text, string? Html, string? Json);

/// <param name="Field">"subject", "text", "html" or "json", matching the <see cref="TemplateSet"/> property.</param>
public sealed record TemplateError(string Field, string Message);
