using System.Text;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>Reads a text/event-stream response event by event (comments included, as <c>:comment</c> events).</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    public sealed record Event(string Name, string Data);

    /// <summary>Next event or comment; fails the test when nothing arrives within <paramref name="timeout"/>.</summary>
    public async Task<Event> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string name = "message", data = "";
        while (true)
        {
            string? line;
            try { line = await _reader.ReadLineAsync(cts.Token); }
            catch (OperationCanceledException) { throw new TimeoutException("no server-sent event arrived in time"); }
            if (line is null) throw new EndOfStreamException("the event stream ended");
            if (line.Length == 0)
            {
                if (data.Length > 0 || name != "message") return new Event(name, data);
                continue;
            }
            if (line.StartsWith(':')) return new Event(":comment", line[1..].Trim());
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data += line[6..];
        }
    }

    /// <summary>Skips heartbeats and returns the next event named <paramref name="name"/>.</summary>
    public async Task<Event> NextNamedAsync(string name, TimeSpan? timeout = null)
    {
        while (true)
        {
            var e = await NextAsync(timeout);
            if (e.Name == name) return e;
            if (e.Name is not ":comment") throw new InvalidOperationException($"expected '{name}', got '{e.Name}': {e.Data}");
        }
    }

    public void Dispose() => _reader.Dispose();
}
