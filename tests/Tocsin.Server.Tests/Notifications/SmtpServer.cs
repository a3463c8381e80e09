using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Tocsin.Server.Tests.Notifications;

/// <summary>
/// A real SMTP server for tests: aiosmtpd (Debian package python3-aiosmtpd) as a child process on 127.0.0.1, saving
/// messages through smtp_sink.py. <see cref="Unavailable"/> explains why when it cannot run.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private static readonly Lazy<string?> PythonPath = new(FindPython);
    private readonly Process _process;

    private SmtpServer(Process process, int port, string directory)
    {
        _process = process;
        Port = port;
        Directory = directory;
    }

    public int Port { get; }
    public string Directory { get; }

    /// <summary>Null when aiosmtpd can run; otherwise the reason (shown by tests that need it).</summary>
    public static string? Unavailable => PythonPath.Value is null
        ? "aiosmtpd is not installed for /usr/bin/python3 or python3 on PATH; run: apt-get install -y python3-aiosmtpd"
        : null;

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public static async Task<SmtpServer> StartAsync(int? port = null)
    {
        Assert.True(Unavailable is null, Unavailable);
        var chosen = port ?? FreePort();
        var directory = Path.Combine(Path.GetTempPath(), "tocsin-smtp-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(PythonPath.Value!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{chosen}", "-c", "smtp_sink.Sink", directory })
            start.ArgumentList.Add(arg);
        start.Environment["PYTHONPATH"] = ScriptDirectory;
        var process = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new SmtpServer(process, chosen, directory);
        // Wait until it accepts connections (poll, bounded), instead of sleeping a guessed time.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode}: {stderr}");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, chosen);
                return server;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(25);
            }
        }
    }

    public IReadOnlyList<string> MessageFiles() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Decodes a saved message with Python's email package: headers plus decoded MIME parts.</summary>
    public static async Task<JsonElement> DecodeAsync(string file)
    {
        var start = new ProcessStartInfo(PythonPath.Value!) { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(ScriptDirectory, "smtp_sink.py"));
        start.ArgumentList.Add("decode");
        start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    private static string ScriptDirectory => Path.Combine(AppContext.BaseDirectory, "Notifications");

    // Debian's python3-aiosmtpd installs into /usr/bin/python3; a pyenv or venv python3 on PATH may not see it.
    private static string? FindPython()
    {
        foreach (var candidate in new[] { "/usr/bin/python3", "python3" })
        {
            try
            {
                var start = new ProcessStartInfo(candidate) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import aiosmtpd");
                using var p = Process.Start(start)!;
                p.WaitForExit(10_000);
                if (p.HasExited && p.ExitCode == 0) return candidate;
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return null;
    }
}
