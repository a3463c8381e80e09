namespace Tocsin.Core.OnCall;

/// <summary>A user's shift together with the schedule it belongs to, for a per-user calendar feed.</summary>
public readonly record struct ScheduleShift(long ScheduleId, string ScheduleName, Shift Shift);
