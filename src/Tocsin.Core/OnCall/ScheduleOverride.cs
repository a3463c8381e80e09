namespace Tocsin.Core.OnCall;

/// <summary>User <see cref="UserId"/> covers the schedule over [<see cref="From"/>, <see cref="Until"/>), above every layer.</summary>
public sealed record ScheduleOverride(long Id, long UserId, DateTimeOffset From, DateTimeOffset Until)
{
    public bool Covers(DateTimeOffset at) => at >= From && at < Until;
}
