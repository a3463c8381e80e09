namespace Tocsin.Core.Alerts;

public sealed record AlertLink(string Href, string? Text);

public sealed record AlertImage(string Src, string? Href, string? Alt);

public enum ResponderStatus { Pending, Accepted, Declined }

/// <summary>A user asked to help with an alert, with whether they accepted.</summary>
public sealed record Responder(long UserId, ResponderStatus Status, DateTimeOffset AddedAt, DateTimeOffset? AcceptedAt);
