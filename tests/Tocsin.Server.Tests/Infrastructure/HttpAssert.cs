using System.Net;
using System.Text.Json.Nodes;

namespace Tocsin.Server.Tests.Infrastructure;

public static class HttpAssert
{
    /// <summary>Asserts the status and returns the parsed body (null when empty).</summary>
    public static async Task<JsonNode?> StatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Asserts a problem+json error naming <paramref name="field"/>.</summary>
    public static async Task<JsonNode> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string field)
    {
        var body = await response.StatusAsync(expected);
        Assert.NotNull(body);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, body!["field"]?.GetValue<string>());
        return body;
    }
}
