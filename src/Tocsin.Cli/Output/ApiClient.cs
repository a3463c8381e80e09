using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tocsin.Cli.Output;

/// <summary>Talks to a running server for the client commands; prints problem+json errors readably.</summary>
internal sealed class ApiClient(string baseUrl, string key) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };

    public static readonly Option<string> Url = new("--url")
    {
        Description = "Server URL (or TOCSIN_URL)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TOCSIN_URL") ?? "http://127.0.0.1:8080",
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "API key (or TOCSIN_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TOCSIN_KEY"),
    };

    public static readonly Option<bool> Json = new("--json") { Description = "Print the raw JSON response" };

    public static ApiClient From(ParseResult parse)
    {
        var key = parse.GetValue(Key) ?? throw new CliException("an API key is needed: --key or TOCSIN_KEY");
        return new ApiClient(parse.GetValue(Url)!, key);
    }

    public Task<JsonNode?> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonNode?> PostAsync(string path, JsonNode? body, CancellationToken ct) => SendAsync(HttpMethod.Post, path, body, ct);

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliException($"cannot reach {_http.BaseAddress}: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                var detail = text;
                try { detail = JsonNode.Parse(text)?["detail"]?.GetValue<string>() ?? text; } catch (JsonException) { }
                throw new CliException($"{(int)response.StatusCode} {response.ReasonPhrase}: {detail}");
            }
            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
    }

    public void Dispose() => _http.Dispose();
}

internal sealed class CliException(string message) : Exception(message);
