using System.Net;
using System.Net.Sockets;

namespace Tocsin.Core.Notifications;

/// <summary>Resolves a host name to addresses; injectable so tests can simulate DNS (including rebinding).</summary>
public delegate Task<IPAddress[]> HostResolver(string host, CancellationToken cancellationToken);

public readonly record struct AddressDecision(bool Allowed, string? Reason)
{
    public static readonly AddressDecision Allow = new(true, null);

    public static AddressDecision Refuse(string reason) => new(false, reason);
}

/// <summary>Thrown when every address of a target is refused, so an HTTP connect callback can abort the request.</summary>
public sealed class AddressRefusedException(string message) : Exception(message);

/// <summary>
/// Network safety for outgoing requests to user-configured URLs (#4, item 7): keeps webhooks away from link-local and
/// cloud metadata endpoints, which hand out credentials to anyone on the host, and applies the operator's lists.
/// Check the address actually connected to (see the senders' ConnectCallback), not only the URL at save time, or
/// DNS rebinding walks around the check.
/// </summary>
public sealed class AddressGuard
{
    private static readonly IPNetwork[] BuiltInRefused =
    [
        IPNetwork.Parse("169.254.0.0/16"),     // IPv4 link-local; AWS/GCP/Azure metadata at 169.254.169.254
        IPNetwork.Parse("fe80::/10"),          // IPv6 link-local
        IPNetwork.Parse("fd00:ec2::254/128"),  // AWS IPv6 metadata
        IPNetwork.Parse("100.100.100.200/32"), // Alibaba Cloud metadata
    ];

    private readonly IPNetwork[] _allow;
    private readonly IPNetwork[] _deny;
    private readonly HostResolver _resolve;

    /// <exception cref="ArgumentException">An allow or deny entry is not a CIDR range or address.</exception>
    public AddressGuard(AddressGuardOptions? options = null, HostResolver? resolver = null)
    {
        options ??= new AddressGuardOptions();
        _allow = ParseAll(options.Allow, nameof(options.Allow));
        _deny = ParseAll(options.Deny, nameof(options.Deny));
        _resolve = resolver ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
    }

    /// <summary>Errors for invalid allow/deny entries, for start-up options validation.</summary>
    public static IReadOnlyList<string> ValidateOptions(AddressGuardOptions options) =>
        options.Allow.Where(e => !TryParseRange(e, out _)).Select(e => $"{nameof(options.Allow)}: '{e}' is not a CIDR range or IP address")
            .Concat(options.Deny.Where(e => !TryParseRange(e, out _)).Select(e => $"{nameof(options.Deny)}: '{e}' is not a CIDR range or IP address"))
            .ToList();

    public AddressDecision Check(IPAddress address)
    {
        // ::ffff:169.254.169.254 reaches the IPv4 address, so judge it as one.
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_deny.FirstOrDefault(n => n.Contains(address)) is var denied && denied != default)
            return AddressDecision.Refuse($"{address} is in the denied range {denied}");
        if (_allow.Any(n => n.Contains(address))) return AddressDecision.Allow;
        if (BuiltInRefused.FirstOrDefault(n => n.Contains(address)) is var refused && refused != default)
            return AddressDecision.Refuse($"{address} is a link-local or cloud metadata address ({refused})");
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return AddressDecision.Refuse($"{address} is not a destination address");
        if (IsMulticast(address)) return AddressDecision.Refuse($"{address} is a multicast or broadcast address");
        return AddressDecision.Allow;
    }

    /// <summary>Resolves <paramref name="host"/> (or parses an IP literal) and returns only the allowed addresses.</summary>
    /// <exception cref="AddressRefusedException">The host has no allowed address.</exception>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var bare = host.TrimStart('[').TrimEnd(']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(bare, out var literal)) addresses = [literal];
        else addresses = await _resolve(bare, cancellationToken).ConfigureAwait(false);
        // DNS failures stay SocketExceptions: transient for a sender (retry), unlike a refusal.
        if (addresses.Length == 0) throw new SocketException((int)SocketError.HostNotFound);

        var allowed = addresses.Where(a => Check(a).Allowed).ToArray();
        if (allowed.Length == 0)
            throw new AddressRefusedException($"refused to connect to {bare}: {Check(addresses[0]).Reason}");
        return allowed;
    }

    /// <summary>Checks a URL's host as of now; use at configuration time and before a request.</summary>
    public async Task<AddressDecision> CheckUrlAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            await ResolveAllowedAsync(url.Host, cancellationToken).ConfigureAwait(false);
            return AddressDecision.Allow;
        }
        catch (AddressRefusedException e) { return AddressDecision.Refuse(e.Message); }
    }

    private static bool IsMulticast(IPAddress address) => address.AddressFamily switch
    {
        AddressFamily.InterNetwork => address.GetAddressBytes() is var b && (b[0] >= 224 || address.Equals(IPAddress.Broadcast)),
        AddressFamily.InterNetworkV6 => address.IsIPv6Multicast,
        _ => false,
    };

    private static IPNetwork[] ParseAll(List<string> entries, string listName) =>
        entries.Select(e => TryParseRange(e, out var n)
            ? n
            : throw new ArgumentException($"{listName}: '{e}' is not a CIDR range or IP address", listName)).ToArray();

    private static bool TryParseRange(string entry, out IPNetwork network)
    {
        var text = entry.Trim();
        if (IPNetwork.TryParse(text, out network)) return true;
        if (!IPAddress.TryParse(text, out var single)) return false;
        network = new IPNetwork(single, single.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
        return true;
    }
}
