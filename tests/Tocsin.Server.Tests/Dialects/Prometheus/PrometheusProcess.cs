using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Tocsin.Server.Tests.Dialects.Prometheus;

/// <summary>
/// A real Prometheus (Debian package, /usr/bin/prometheus) on a free 127.0.0.1 port with Tocsin as its only alertmanager
/// and one always-firing rule. Killed (with its temp directory removed) on dispose.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string AlertName = "TocsinAlwaysFiring";
    public const string Summary = "Tocsin real-Prometheus test alert";

    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    private PrometheusProcess(Process process, string dir)
    {
        _process = process;
        _dir = dir;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Prometheus' own output, for failure messages.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public bool HasExited => _process.HasExited;

    public static PrometheusProcess Start(Uri tocsin, string apiKey)
    {
        if (!File.Exists(Binary))
            throw new InvalidOperationException($"{Binary} is missing: install it with `apt-get install -y prometheus` (CI installs it).");
        var dir = Directory.CreateTempSubdirectory("tocsin-prometheus-").FullName;
        File.WriteAllText(Path.Combine(dir, "rules.yml"), $"""
            groups:
              - name: tocsin-test
                interval: 1s
                rules:
                  - alert: {AlertName}
                    expr: vector(1) > 0
                    for: 0s
                    labels:
                      severity: critical
                    annotations:
                      summary: {Summary}
                      description: fires on every evaluation
            """);
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - {Path.Combine(dir, "rules.yml")}
            alerting:
              alertmanagers:
                - api_version: v2
                  authorization:
                    credentials: {apiKey}
                  static_configs:
                    - targets: ['{tocsin.Host}:{tocsin.Port}']
            """);
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     "--config.file=" + Path.Combine(dir, "prometheus.yml"),
                     "--storage.tsdb.path=" + Path.Combine(dir, "data"),
                     "--web.listen-address=127.0.0.1:" + FreePort(),
                     // The first send races alertmanager discovery (throttled to 5 s) and is dropped; the default
                     // resend delay (1 m) would then hold the next one back past the test's patience.
                     "--rules.alert.resend-delay=1s",
                 })
            info.ArgumentList.Add(a);
        return new PrometheusProcess(Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start"), dir);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_log) if (_log.Length < 64 * 1024) _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
