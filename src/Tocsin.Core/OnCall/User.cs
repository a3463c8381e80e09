namespace Tocsin.Core.OnCall;

public enum UserRole
{
    User,
    Admin,
    Observer,
}

/// <summary>A person who can be paged. <see cref="TimeZone"/> is IANA; <see cref="Language"/> a BCP 47 tag for notifications.</summary>
public sealed record User(long Id, string Name, string? Email, string? Phone, string TimeZone, string Language, UserRole Role);

/// <summary>Where a user is referenced; deleting a user that is still used is refused with this list.</summary>
public sealed record UserUsage(string Kind, long Id, string Name);
