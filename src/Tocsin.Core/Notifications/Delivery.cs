namespace Tocsin.Core.Notifications;

/// <summary>
/// One delivery to one target, already rendered: senders only transport it. Bodies that a channel does not use are null
/// (email uses text and html, webhook and Slack use the JSON payload, SMS and voice use text).
/// </summary>
/// <param name="Target">Webhook/Slack URL, email address, E.164 phone number, or user id for in-app.</param>
/// <param name="IdempotencyKey">Stable across attempts so receivers can drop repeats of an at-least-once delivery.</param>
/// <param name="Attempt">1 for the first attempt.</param>
public sealed record Delivery(
    long Id,
    Guid TenantId,
    long? AlertId,
    ChannelKind Channel,
    string Target,
    string Subject,
    string? TextBody,
    string? HtmlBody,
    string? JsonPayload,
    string IdempotencyKey,
    int Attempt,
    DateTimeOffset CreatedAt);
