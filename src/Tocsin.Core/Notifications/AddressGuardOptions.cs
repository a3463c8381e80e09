namespace Tocsin.Core.Notifications;

/// <summary>Which addresses outgoing webhook and Slack requests may reach. Bound from <c>Tocsin:Notifications:Network</c>.</summary>
/// <remarks>
/// Precedence: <see cref="Deny"/>, then <see cref="Allow"/>, then the built-in refusal of link-local and cloud metadata
/// addresses, then allow. Loopback and private ranges are allowed by default because self-hosted receivers live there;
/// deny them here (e.g. "10.0.0.0/8") when the server faces untrusted users.
/// </remarks>
public sealed class AddressGuardOptions
{
    public const string SectionName = "Tocsin:Notifications:Network";

    /// <summary>CIDR ranges (or single addresses) always allowed, even inside the built-in refused ranges.</summary>
    public List<string> Allow { get; set; } = [];

    /// <summary>CIDR ranges (or single addresses) always refused.</summary>
    public List<string> Deny { get; set; } = [];
}
