using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Cluster;

/// <summary>
/// One real <c>tocsin serve</c> process on its own 127.0.0.1 port, sharing a PostgreSQL schema with its siblings.
/// Disposing kills it; <see cref="Kill"/> does so abruptly (SIGKILL), as a crashed machine would.
/// </summary>
public sealed class TocsinNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private TocsinNode(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(120) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TocsinApp.AdminKey);
    }

    public Uri BaseUrl { get; }
    public HttpClient Client { get; }
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="settings">Configuration keys (Tocsin:Cluster:LeaseDuration ...) passed as TOCSIN_ environment variables.</param>
    public static async Task<TocsinNode> StartAsync(string connection, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "tocsin.dll"), "serve", "--urls", $"http://127.0.0.1:{port}",
                     "--db", "postgres", "--connection", connection, "--data-dir", Path.Combine(Path.GetTempPath(), "tocsin-node-" + port)])
            psi.ArgumentList.Add(a);
        psi.Environment["TOCSIN_ADMIN_KEY"] = TocsinApp.AdminKey;
        foreach (var (key, value) in settings) psi.Environment["TOCSIN_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var process = Process.Start(psi)!;
        var node = new TocsinNode(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (node._output) node._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (node._output) node._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitReadyAsync();
        return node;
    }

    // Waiting for a process to come up is waiting for the outside world, not for one of Tocsin's timers.
    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"tocsin serve exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"tocsin serve on {BaseUrl} not ready after 60 s:\n{Output}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
