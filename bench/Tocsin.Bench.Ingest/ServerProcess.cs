using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tocsin.Bench.Ingest;

/// <summary>The Release server as a separate process, so the benchmark measures what a deployment runs (and can kill -9 it).</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0000000000000000000000000";

    private readonly Process _process;

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(string dll, string dataDir, string synchronous, int? port = null, string? postgres = null)
    {
        port ??= FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}", "--data-dir", dataDir }) info.ArgumentList.Add(a);
        if (postgres is not null)
            foreach (var a in new[] { "--db", "postgres", "--connection", postgres }) info.ArgumentList.Add(a);
        info.Environment["TOCSIN_ADMIN_KEY"] = AdminKey;
        info.Environment["TOCSIN_Tocsin__Storage__SqliteSynchronous"] = synchronous;
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the server");
        // Drain output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[server] " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, $"http://127.0.0.1:{port}");
        await server.WaitReadyAsync();
        return server;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited) throw new InvalidOperationException($"server exited with {_process.ExitCode}");
            try
            {
                if ((await http.GetAsync(BaseUrl + "/readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("server did not become ready in 60 s");
    }

    /// <summary>Resident set size in MiB from /proc (Linux only).</summary>
    public double RssMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        return double.NaN;
    }

    /// <summary>
    /// CPU time (user + system) the server has used so far, from /proc/PID/stat. Per event it is a steadier figure than
    /// events/s on a shared machine, where the server's share of the cores changes with everyone else's load.
    /// </summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0, so utime (14) and stime (15) are indexes 11 and 12; unit is clock ticks (100 Hz).
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; what survives is what was committed.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
