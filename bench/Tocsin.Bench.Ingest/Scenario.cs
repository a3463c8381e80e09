namespace Tocsin.Bench.Ingest;

internal enum Api { Events, Prometheus }

/// <summary>One load shape: which endpoint, events per request, keep-alive connections, and whether keys repeat.</summary>
internal sealed record Scenario(Api Api, int Batch, int Connections, bool RepeatKeys)
{
    /// <summary>Size of the key set for the repeat run: small, so nearly every event updates an open alert.</summary>
    public const int RepeatKeySet = 100;

    public string Path => Api == Api.Events ? "/api/v1/events" : "/api/v2/alerts";

    public string Name => $"{Path} batch={Batch} conns={Connections} keys={(RepeatKeys ? $"{RepeatKeySet} repeating" : "distinct")}";
}

internal sealed record Measurement(Scenario Scenario, long Requests, long Non2xx, long SocketErrors, double Seconds, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>Server CPU time over the measured run; set by the caller, which owns the server process.</summary>
    public TimeSpan ServerCpu { get; init; }

    /// <summary>Server CPU microseconds per accepted event: what an event costs, independent of how busy the machine is.</summary>
    public double CpuMicrosPerEvent => ServerCpu.TotalMicroseconds / Math.Max(1, (Requests - Non2xx) * Scenario.Batch);

    public double RequestsPerSecond => (Requests - Non2xx) / Seconds;
    public double EventsPerSecond => RequestsPerSecond * Scenario.Batch;
}
