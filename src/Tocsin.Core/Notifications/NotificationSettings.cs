namespace Tocsin.Core.Notifications;

/// <summary>A way to reach one user: an address of a <see cref="ChannelKind"/>.</summary>
public sealed record ContactMethod(long Id, long UserId, ChannelKind Kind, string Target, string? Label, bool Verified);

/// <summary>"Use contact method X once an alert has been unacknowledged for <see cref="Delay"/>."</summary>
public sealed record NotificationRule(long Id, long UserId, long ContactMethodId, TimeSpan Delay);

/// <summary>
/// A channel shared by rules and sources (Sysdig's <c>notificationChannelIds</c>, Twilio notification configurations).
/// <see cref="Targets"/> are the webhook URLs, email addresses, the Slack incoming-webhook URL or in-app user ids,
/// all of <see cref="Kind"/>.
/// </summary>
public sealed record NotificationChannel(long Id, string Name, ChannelKind Kind, IReadOnlyList<string> Targets)
{
    /// <summary>A disabled channel stays configured and referenced but notifies nobody.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Optimistic locking: starts at 1 and increments on every save. Saving with a version other than 0 succeeds only at that
    /// stored version (IBM's PUT); 0 saves unconditionally (the native API, which has no versions).
    /// </summary>
    public int Version { get; init; }

    /// <summary>Owning team (IBM <c>teamId</c>); null: the whole tenant.</summary>
    public long? TeamId { get; init; }

    /// <summary>A dialect's own options as JSON, kept verbatim so they read back as sent (#7: IBM <c>options</c>); the targets are authoritative.</summary>
    public string? VendorOptions { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An operator's override of the default template for one channel kind and event.</summary>
public sealed record StoredTemplate(long Id, ChannelKind Channel, NotificationEvent Event, TemplateSet Set);

/// <summary>One in-app notification in a user's inbox.</summary>
public sealed record InboxItem(long Id, long UserId, long? AlertId, string Title, string? Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);
