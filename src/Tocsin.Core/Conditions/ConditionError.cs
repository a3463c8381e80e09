namespace Tocsin.Core.Conditions;

/// <summary>
/// A parse error. <see cref="Position"/> is the 0-based character offset in the input where parsing
/// stopped; <see cref="Expected"/> names what would have been accepted there.
/// </summary>
public sealed record ConditionError(int Position, string Message, string Expected)
{
    public override string ToString() => $"at {Position}: {Message} (expected {Expected})";
}
