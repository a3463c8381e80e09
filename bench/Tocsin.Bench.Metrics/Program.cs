// HTTP ingest of metric samples (#5: >= 500,000 samples/s in 10,000-sample batches). Builds and starts the real
// server in Release as a child process, then posts pre-serialized JSON batches over several connections for a fixed
// time and prints samples/s and request latency percentiles.
// Usage: dotnet run -c Release --project bench/Tocsin.Bench.Metrics [-- connections seconds [warm-up-seconds] [--no-build]]
// Warm-up is one round of requests by default; a few seconds more let tiered compilation finish (the JIT and the
// instrumented code it runs first are most of a fresh server's CPU on a loaded 2-core machine), measuring the steady state.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

var connections = args.Length > 0 ? int.Parse(args[0]) : 4;
var duration = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 10);
var warmUp = TimeSpan.FromSeconds(args.Length > 2 && int.TryParse(args[2], out var w) ? w : 0);
const int BatchSize = 10_000;
const string AdminKey = "bench-admin-key-0000000000000000000000000";

var root = FindRoot();
if (!args.Contains("--no-build"))
{
    Console.WriteLine("Building src/Tocsin.Cli in Release...");
    Run("dotnet", $"build -c Release \"{Path.Combine(root, "src/Tocsin.Cli")}\" -v q -nologo", root);
}

var port = FreePort();
var dataDir = Path.Combine(Path.GetTempPath(), "tocsin-bench-metrics-" + Guid.NewGuid().ToString("N"));
var serverInfo = new ProcessStartInfo("dotnet", $"\"{Path.Combine(root, "src/Tocsin.Cli/bin/Release/net10.0/tocsin.dll")}\" serve --urls http://127.0.0.1:{port} --data-dir \"{dataDir}\"")
{
    RedirectStandardOutput = true,
    RedirectStandardError = true,
    UseShellExecute = false,
};
serverInfo.Environment["TOCSIN_ADMIN_KEY"] = AdminKey;
using var server = Process.Start(serverInfo)!;
server.OutputDataReceived += (_, _) => { };
server.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();

try
{
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
    http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);
    await WaitReadyAsync(http);

    // One payload per connection, each over its own 10,000 series, without timestamps (the server stamps its now), so
    // sequential requests of a connection never arrive out of order and every sample is stored.
    var payloads = Enumerable.Range(0, connections).Select(Payload).ToArray();
    Console.WriteLine($"Payload: {BatchSize} samples, {payloads[0].Length / 1024} KiB; {connections} connections; {duration.TotalSeconds:0} s after {warmUp.TotalSeconds:0} s of warm-up");

    // Warm-up: JIT and series creation.
    await Task.WhenAll(payloads.Select(p => PostAsync(http, p)));
    var warming = Stopwatch.StartNew();
    while (warming.Elapsed < warmUp) await Task.WhenAll(payloads.Select(p => PostAsync(http, p)));

    var latencies = new List<double>[connections];
    long samples = 0, rejected = 0;
    // CPU seconds the server spends are a figure that survives a busy machine (shared cores); wall-clock rate does not.
    server.Refresh();
    var serverCpuBefore = server.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
    {
        latencies[c] = [];
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            var (ok, body) = await PostAsync(http, payloads[c]);
            latencies[c].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (ok) Interlocked.Add(ref samples, BatchSize);
            else { Interlocked.Increment(ref rejected); Console.Error.WriteLine(body); }
        }
    }));
    var elapsed = clock.Elapsed.TotalSeconds;
    server.Refresh();
    var serverCpu = (server.TotalProcessorTime - serverCpuBefore).TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Console.WriteLine($"Requests: {all.Length} ({rejected} failed) in {elapsed:0.0} s");
    Console.WriteLine($"Samples/s: {samples / elapsed:N0} (target >= 500,000)");
    Console.WriteLine($"Server CPU: {serverCpu:0.00} s => {samples / Math.Max(serverCpu, 1e-9):N0} samples per server CPU-second; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
    Console.WriteLine($"Latency per 10,000-sample request: p50 {Percentile(all, 0.50):0.0} ms, p99 {Percentile(all, 0.99):0.0} ms, max {all[^1]:0.0} ms");
}
finally
{
    if (!server.HasExited) server.Kill(entireProcessTree: true);
    await server.WaitForExitAsync();
    try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { }
}
return 0;

static byte[] Payload(int connection)
{
    var sb = new StringBuilder(BatchSize * 100).Append('[');
    for (var i = 0; i < BatchSize; i++)
    {
        if (i > 0) sb.Append(',');
        sb.Append("{\"name\":\"bench.cpu.used\",\"labels\":{\"conn\":\"").Append(connection).Append("\",\"host\":\"host-").Append(i)
          .Append("\",\"env\":\"prod\"},\"value\":").Append(i % 100).Append('.').Append(i % 7).Append('}');
    }
    return Encoding.UTF8.GetBytes(sb.Append(']').ToString());
}

static async Task<(bool Ok, string Body)> PostAsync(HttpClient http, byte[] payload)
{
    var content = new ByteArrayContent(payload);
    content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    using var response = await http.PostAsync("/api/v1/metrics", content);
    if (response.StatusCode == HttpStatusCode.Accepted) return (true, "");
    return (false, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}

static async Task WaitReadyAsync(HttpClient http)
{
    for (var i = 0; i < 600; i++)
    {
        try
        {
            if ((await http.GetAsync("/readyz")).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException) { }
        await Task.Delay(100);
    }
    throw new TimeoutException("the server did not become ready in 60 s");
}

static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

static int FreePort()
{
    using var l = new TcpListener(IPAddress.Loopback, 0);
    l.Start();
    return ((IPEndPoint)l.LocalEndpoint).Port;
}

static void Run(string file, string arguments, string cwd)
{
    using var p = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = cwd, UseShellExecute = false })!;
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed with {p.ExitCode}");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Tocsin.slnx"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the Tocsin repository");
}
