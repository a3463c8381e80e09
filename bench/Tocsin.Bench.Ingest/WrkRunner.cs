using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tocsin.Bench.Ingest;

/// <summary>
/// Drives load with wrk (C, epoll): on a 2-core machine a .NET client would take much of the CPU the server needs.
/// A generated Lua script builds each body with a fresh (or a repeating) dedup key and prints a machine-readable line.
/// </summary>
internal static partial class WrkRunner
{
    /// <summary>
    /// Load on several nodes at once, as a load balancer would spread it: one wrk per node with an equal share of the
    /// connections. Counts add up; p50 is the request-weighted mean of the nodes' p50s and p99/max the worst node's
    /// (wrk cannot merge histograms across processes), which is conservative.
    /// </summary>
    public static async Task<Measurement> RunAsync(IReadOnlyList<string> baseUrls, Scenario s, TimeSpan duration, int threads)
    {
        if (baseUrls.Count == 1) return await RunAsync(baseUrls[0], s, duration, threads);
        var share = s with { Connections = Math.Max(1, s.Connections / baseUrls.Count) };
        var parts = await Task.WhenAll(baseUrls.Select(u => RunAsync(u, share, duration, Math.Max(1, threads / baseUrls.Count))));
        var requests = parts.Sum(p => p.Requests);
        return new Measurement(s, requests, parts.Sum(p => p.Non2xx), parts.Sum(p => p.SocketErrors), parts.Max(p => p.Seconds),
            parts.Sum(p => p.P50Ms * p.Requests) / Math.Max(1, requests), parts.Max(p => p.P99Ms), parts.Max(p => p.MaxMs));
    }

    private static async Task<Measurement> RunAsync(string baseUrl, Scenario s, TimeSpan duration, int threads)
    {
        var script = Path.Combine(Path.GetTempPath(), $"tocsin-bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Lua(s, Guid.NewGuid().ToString("N")[..8]));
        try
        {
            var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-t", Math.Min(threads, s.Connections).ToString(CultureInfo.InvariantCulture), "-c", s.Connections.ToString(CultureInfo.InvariantCulture),
                         "-d", $"{(int)Math.Ceiling(duration.TotalSeconds)}s", "--timeout", "10s", "-s", script, baseUrl + s.Path })
                info.ArgumentList.Add(a);
            using var p = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start (apt-get install -y wrk)");
            var stdout = await p.StandardOutput.ReadToEndAsync();
            var stderr = await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            var m = ResultLine().Match(stdout);
            if (!m.Success) throw new InvalidOperationException($"wrk printed no result:\n{stdout}\n{stderr}");
            long L(string name) => long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
            return new Measurement(s, L("requests"), L("non2xx"), L("socket"), L("duration") / 1e6, L("p50") / 1000.0, L("p99") / 1000.0, L("max") / 1000.0);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"RESULT requests=(?<requests>\d+) non2xx=(?<non2xx>\d+) socket=(?<socket>\d+) duration=(?<duration>\d+) p50=(?<p50>\d+) p99=(?<p99>\d+) max=(?<max>\d+)")]
    private static partial Regex ResultLine();

    private static string Lua(Scenario s, string run)
    {
        var key = s.RepeatKeys
            ? $"\"rep-\" .. ((counter * {s.Batch} + i) % {Scenario.RepeatKeySet})"
            : $"\"{run}-\" .. tid .. \"-\" .. counter .. \"-\" .. i";
        var one = s.Api == Api.Events
            ? "'{\"dedupKey\":\"' .. k .. '\",\"summary\":\"Disk almost full on ' .. k .. '\",\"priority\":\"high\",\"source\":\"bench\",\"labels\":{\"host\":\"db1\",\"service\":\"postgres\"}}'"
            : "'{\"labels\":{\"alertname\":\"DiskAlmostFull\",\"instance\":\"' .. k .. '\",\"severity\":\"critical\"},\"annotations\":{\"summary\":\"Disk almost full\"},\"generatorURL\":\"http://prometheus:9090/graph\"}'";
        // A single native event goes as an object, a batch as an array; Prometheus always sends an array.
        var wrapArray = s.Batch > 1 || s.Api == Api.Prometheus;
        return $$"""
            local counter = 0
            local threads = {}
            tid = 0
            function setup(thread)
              table.insert(threads, thread)
              thread:set("tid", #threads)
            end
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Authorization"] = "Bearer {{ServerProcess.AdminKey}}"
            function request()
              counter = counter + 1
              local parts = {}
              for i = 1, {{s.Batch}} do
                local k = {{key}}
                parts[i] = {{one}}
              end
              local body = table.concat(parts, ",")
              {{(wrapArray ? "body = \"[\" .. body .. \"]\"" : "")}}
              return wrk.format(nil, nil, nil, body)
            end
            function done(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("RESULT requests=%d non2xx=%d socket=%d duration=%d p50=%d p99=%d max=%d\n",
                summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
                latency:percentile(50), latency:percentile(99), latency.max))
            end
            """;
    }
}
