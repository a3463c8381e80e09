using System.Diagnostics;
using System.Globalization;
using Tocsin.Bench.Ingest;

// Ingest benchmark: builds and starts the Release server as its own process, drives it with wrk, prints a Markdown table.
// Usage: dotnet run -c Release --project bench/Tocsin.Bench.Ingest -- [--duration 10] [--warmup 2] [--sync FULL|NORMAL]
//        [--only events|prometheus] [--no-build] [--no-durability] [--threads 2] [--server path/to/tocsin.dll (A/B against another build)]
//        [--start-warmup 30] (seconds of the first scenario's load once, after idle RSS is read: a fresh process spends its
//        first seconds in the JIT, which is a start-up cost, not what an event costs a running server; two fresh nodes
//        sharing two cores were still compiling after 18 s)
//        [--postgres "Host=...;Username=...;Password=...;Database=..." [--nodes 2]] (a fresh schema per run, dropped after it)
var opts = Args.Parse(args);
var repo = FindRepo();
var dll = opts.Server ?? Path.Combine(repo, "src/Tocsin.Cli/bin/Release/net10.0/tocsin.dll");
if (!opts.NoBuild && opts.Server is null) Run("dotnet", $"build -c Release -v q -nologo {Path.Combine(repo, "src/Tocsin.Cli")}");
if (!File.Exists(dll)) { Console.Error.WriteLine($"missing {dll}; build it or drop --no-build"); return 2; }
if (!CanRun("wrk")) { Console.Error.WriteLine("wrk is needed: apt-get install -y wrk"); return 2; }

var scenarios = new List<Scenario>();
foreach (var api in new[] { Api.Events, Api.Prometheus })
{
    if (opts.Only is not null && !api.ToString().Equals(opts.Only, StringComparison.OrdinalIgnoreCase)) continue;
    scenarios.Add(new Scenario(api, 1, 16, false));
    scenarios.Add(new Scenario(api, 1, 64, false));
    scenarios.Add(new Scenario(api, 100, 16, false));
    scenarios.Add(new Scenario(api, 1, 16, true));
    scenarios.Add(new Scenario(api, 100, 16, true));
}

var results = new List<Measurement>();
double idleRss, loadedRss;
string store;
await using (var cluster = await Cluster.StartAsync(dll, opts.Sync, opts.Postgres, opts.Nodes))
{
    await Task.Delay(1000); // let start-up work (JIT of the first requests aside) settle before reading RSS
    idleRss = cluster.RssMiB();
    store = cluster.Describe;
    var urls = cluster.Nodes.Select(n => n.BaseUrl).ToList();
    Console.WriteLine($"server {dll} on {string.Join(", ", urls)}; {store}, synchronous={opts.Sync}, idle RSS {idleRss:F1} MiB, load: {Load()}");
    if (opts.StartWarmup > TimeSpan.Zero && scenarios.Count > 0) await WrkRunner.RunAsync(urls, scenarios[0], opts.StartWarmup, opts.Threads);
    foreach (var s in scenarios)
    {
        if (opts.Warmup > TimeSpan.Zero) await WrkRunner.RunAsync(urls, s, opts.Warmup, opts.Threads);
        var cpuBefore = cluster.CpuTime();
        var m = await WrkRunner.RunAsync(urls, s, opts.Duration, opts.Threads);
        m = m with { ServerCpu = cluster.CpuTime() - cpuBefore };
        results.Add(m);
        Console.WriteLine($"  {s.Name}: {m.EventsPerSecond:F0} events/s, p50 {m.P50Ms:F2} ms, p99 {m.P99Ms:F2} ms server CPU {m.CpuMicrosPerEvent:F0} µs/event (non-2xx {m.Non2xx}, socket errors {m.SocketErrors}); load {Load()}");
    }
    loadedRss = cluster.RssMiB();
}

Console.WriteLine();
Console.WriteLine($"| endpoint | events/request | connections | dedup keys | requests/s | events/s | p50 ms | p99 ms | max ms | server CPU µs/event | non-2xx |");
Console.WriteLine($"|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|");
foreach (var m in results)
{
    var s = m.Scenario;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| `POST {s.Path}` | {s.Batch} | {s.Connections} | {(s.RepeatKeys ? $"{Scenario.RepeatKeySet} repeating" : "distinct")} | {m.RequestsPerSecond:N0} | {m.EventsPerSecond:N0} | {m.P50Ms:F1} | {m.P99Ms:F1} | {m.MaxMs:F0} | {m.CpuMicrosPerEvent:F0} | {m.Non2xx} |"));
}
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{store}. Idle RSS after start (all nodes): {idleRss:F1} MiB; after the runs: {loadedRss:F1} MiB. synchronous={opts.Sync}; {opts.Duration.TotalSeconds:F0} s per scenario after {opts.Warmup.TotalSeconds:F0} s warm-up ({opts.StartWarmup.TotalSeconds:F0} s before the first); wrk -t{opts.Threads}; {Environment.ProcessorCount} cores; load {Load()}."));

if (!opts.NoDurability)
{
    // PostgreSQL answers a 100-event batch in seconds here, so it gets longer under load before the kill.
    var d = await Durability.RunAsync(dll, opts.Sync, TimeSpan.FromSeconds(opts.Postgres is null ? 3 : 15), opts.Postgres);
    Console.WriteLine($"Durability (kill -9 under load, restart): {d.Acknowledged} alerts acknowledged with 202, {d.Stored} stored after restart, " +
        $"{d.Sampled} acknowledged ids fetched, {d.Missing} missing => {(d.Ok ? "OK" : "FAILED")}");
    if (!d.Ok) return 1;
}
return 0;

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

static string FindRepo()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Tocsin.slnx"))) return dir.FullName;
    throw new InvalidOperationException("run from inside the repository");
}

static void Run(string file, string arguments)
{
    using var p = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false }) ?? throw new InvalidOperationException(file);
    p.WaitForExit();
    if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed with {p.ExitCode}");
}

static bool CanRun(string file)
{
    try
    {
        using var p = Process.Start(new ProcessStartInfo(file, "--version") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
        p!.WaitForExit();
        return true;
    }
    catch (System.ComponentModel.Win32Exception) { return false; }
}

internal sealed record Args(TimeSpan Duration, TimeSpan Warmup, string Sync, string? Only, bool NoBuild, bool NoDurability, int Threads,
    string? Server = null, string? Postgres = null, int Nodes = 1, TimeSpan StartWarmup = default)
{
    public static Args Parse(string[] args)
    {
        var a = new Args(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), "FULL", null, false, false, 2, StartWarmup: TimeSpan.FromSeconds(30));
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            a = args[i] switch
            {
                "--duration" => a with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--warmup" => a with { Warmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--start-warmup" => a with { StartWarmup = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--sync" => a with { Sync = Next().ToUpperInvariant() },
                "--only" => a with { Only = Next() },
                "--threads" => a with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--server" => a with { Server = Path.GetFullPath(Next()) },
                "--no-build" => a with { NoBuild = true },
                "--no-durability" => a with { NoDurability = true },
                "--postgres" => a with { Postgres = Next() },
                "--nodes" => a with { Nodes = int.Parse(Next(), CultureInfo.InvariantCulture) },
                var other => throw new ArgumentException($"unknown argument {other}"),
            };
        }
        if (a.Nodes < 1 || (a.Nodes > 1 && a.Postgres is null)) throw new ArgumentException("--nodes N (N >= 1) needs --postgres: SQLite serves one node");
        return a;
    }
}
