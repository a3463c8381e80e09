using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tocsin.Bench.Ingest;

/// <summary>
/// kill -9 the server while batches are in flight, restart it on the same files, and check that every alert whose
/// request was answered 202 exists. Alerts committed whose answer never arrived may exist too; that is allowed.
/// </summary>
internal static class Durability
{
    public sealed record Outcome(long Acknowledged, long Stored, int Sampled, int Missing)
    {
        // Nothing acknowledged before the kill proves nothing: that counts as a failed check, not a pass.
        public bool Ok => Acknowledged > 0 && Stored >= Acknowledged && Missing == 0;
    }

    public static async Task<Outcome> RunAsync(string dll, string synchronous, TimeSpan load, string? postgres)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "tocsin-bench-durable-" + Guid.NewGuid().ToString("N"));
        string? schema = null, admin = postgres;
        if (postgres is not null)
        {
            schema = "bench_durable_" + Guid.NewGuid().ToString("N")[..12];
            postgres = new Npgsql.NpgsqlConnectionStringBuilder(postgres) { SearchPath = schema }.ToString();
        }
        var port = ServerProcess.FreePort();
        var acked = new ConcurrentBag<long>();
        await using (var server = await ServerProcess.StartAsync(dll, dataDir, synchronous, port, postgres))
        {
            using var http = Client(server.BaseUrl);
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var senders = Enumerable.Range(0, 32).Select(n => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    try
                    {
                        using var response = await http.PostAsync("/api/v1/events", Batch($"durable-{n}-{i}"), CancellationToken.None);
                        if (response.StatusCode != HttpStatusCode.Accepted) continue;
                        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                        foreach (var id in doc.RootElement.GetProperty("alertIds").EnumerateArray()) acked.Add(id.GetInt64());
                    }
                    catch (HttpRequestException) { return; } // the server is gone
                    catch (IOException) { return; }
                }
            })).ToArray();
            while (clock.Elapsed < load) await Task.Delay(10);
            server.KillHard(); // right after the latest 202s, with more batches mid-commit
            await stop.CancelAsync();
            await Task.WhenAll(senders);
        }

        await using var again = await ServerProcess.StartAsync(dll, dataDir, synchronous, port, postgres);
        using var check = Client(again.BaseUrl);
        using var counts = JsonDocument.Parse(await check.GetStringAsync("/api/v1/alerts/count"));
        var stored = counts.RootElement.GetProperty("total").GetInt64();
        // Every id is checked when few; otherwise the newest (most at risk) plus a random sample.
        var ids = acked.OrderDescending().ToList();
        var sample = ids.Count <= 500 ? ids : ids.Take(250).Concat(ids.Skip(250).OrderBy(_ => Random.Shared.Next()).Take(250)).ToList();
        var missing = 0;
        foreach (var id in sample)
            if ((await check.GetAsync($"/api/v1/alerts/{id}")).StatusCode != HttpStatusCode.OK) missing++;
        try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
        if (admin is not null)
        {
            await again.DisposeAsync();
            await using var c = new Npgsql.NpgsqlConnection(admin);
            await c.OpenAsync();
            await using var cmd = c.CreateCommand();
            cmd.CommandText = $"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE";
            await cmd.ExecuteNonQueryAsync();
        }
        return new Outcome(ids.Count, stored, sample.Count, missing);
    }

    private static HttpClient Client(string baseUrl)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.AdminKey);
        return http;
    }

    private static StringContent Batch(string prefix)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < 100; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("{\"dedupKey\":\"").Append(prefix).Append('-').Append(i).Append("\",\"summary\":\"durability probe\",\"priority\":\"high\"}");
        }
        return new StringContent(sb.Append(']').ToString(), Encoding.UTF8, "application/json");
    }
}
