using System.ComponentModel.DataAnnotations;

namespace Tocsin.Core.Notifications;

/// <summary>Outbox retry timing. Bound from <c>Tocsin:Notifications:Retry</c>.</summary>
public sealed class RetryOptions
{
    public const string SectionName = "Tocsin:Notifications:Retry";

    /// <summary>Upper bound of the first retry's delay; doubles each attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BaseDelay { get; set; } = RetryDefaults.BaseDelay;

    /// <summary>Cap on the exponential part, so a long outage is probed at least this often.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = RetryDefaults.MaxDelay;

    /// <summary>Shortest wait between attempts; full jitter alone can draw zero and hammer a failing receiver.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinDelay { get; set; } = RetryDefaults.MinDelay;

    /// <summary>A message older than this (since it was created) is given up and marked failed.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan MaxAge { get; set; } = RetryDefaults.MaxAge;
}

public static class RetryDefaults
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MinDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);
}
