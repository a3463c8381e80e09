namespace Tocsin.Core.OnCall;

/// <summary>A user on call over [<see cref="Start"/>, <see cref="End"/>).</summary>
public readonly record struct Shift(long UserId, DateTimeOffset Start, DateTimeOffset End);
