namespace Tocsin.Core.Notifications;

/// <summary>
/// Who a trigger's own source wants told besides the escalation policy: a metric rule's <c>notificationChannelIds</c> and
/// notification users (IBM, Genesys, Twilio rules all map onto these). Carried on <see cref="Alerts.NewAlert.Notify"/>.
/// </summary>
/// <param name="OnRepeat">Event to send when the trigger only updates an open alert (a rule's warning→critical is
/// <c>escalated</c>, its re-notify interval <c>renotify</c>); null: a repeat tells nobody.</param>
/// <param name="UserKinds">Which contact method kinds of the users are used (Genesys <c>alertTypes</c>); null: all.</param>
public sealed record AlertNotify(IReadOnlyList<long> ChannelIds, IReadOnlyList<long> UserIds, string? OnRepeat = null,
    IReadOnlyList<ChannelKind>? UserKinds = null)
{
    public bool IsEmpty => ChannelIds.Count == 0 && UserIds.Count == 0;
}
