using System.ComponentModel.DataAnnotations;

namespace Tocsin.Core.Notifications;

/// <summary>The delivery worker. Bound from <c>Tocsin:Notifications:Delivery</c>.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Tocsin:Notifications:Delivery";

    /// <summary>How often due deliveries are looked for when nothing wakes the worker earlier.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = DeliveryDefaults.PollInterval;

    /// <summary>Deliveries claimed per batch.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = DeliveryDefaults.BatchSize;

    /// <summary>Sends in flight at once across all channels.</summary>
    [Range(1, 1_024)]
    public int Concurrency { get; set; } = DeliveryDefaults.Concurrency;

    /// <summary>A claimed delivery is claimable again after this, should its worker die mid-send; longer than any sender timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = DeliveryDefaults.Lease;

    /// <summary>Run the delivery worker in this process. Off for an ingest-only node (deliveries then wait for one that delivers).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Public base URL of the console, for links in messages ("https://tocsin.example.com"); none when empty.</summary>
    public string? ConsoleUrl { get; set; }
}

public static class DeliveryDefaults
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    public const int BatchSize = 500;
    public const int Concurrency = 64;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
}
