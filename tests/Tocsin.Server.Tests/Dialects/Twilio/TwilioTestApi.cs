using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Dialects.Twilio;

/// <summary>A Flex client of one tenant: Basic auth with its account SID and an API key, paths under its instance.</summary>
internal sealed class TwilioClient(HttpClient http, string accountSid, string instanceSid)
{
    public HttpClient Http { get; } = http;
    public string AccountSid { get; } = accountSid;
    public string InstanceSid { get; } = instanceSid;
    public string Rules => $"/compat/twilio/v1/Instances/{InstanceSid}/InsightsRules";
    public string Configs => $"/compat/twilio/v1/Instances/{InstanceSid}/NotificationConfigurations";

    /// <summary>Reads the tenant's Twilio identity from <c>GET /api/v1/tenant</c> and switches the client to Basic auth.</summary>
    public static async Task<TwilioClient> ForAsync(TocsinApp app, HttpClient? nativeClient = null, string? key = null)
    {
        var native = nativeClient ?? app.Client;
        var tenant = (await (await native.GetAsync("/api/v1/tenant")).StatusAsync(HttpStatusCode.OK))!;
        var account = tenant["twilio"]!["accountSid"]!.GetValue<string>();
        var instance = tenant["twilio"]!["instanceSids"]![0]!.GetValue<string>();
        key ??= native.DefaultRequestHeaders.Authorization!.Parameter!;
        var http = app.CreateClient(null);
        http.DefaultRequestHeaders.Authorization = Basic(account, key);
        return new TwilioClient(http, account, instance);
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) =>
        PostJsonAsync(path, System.Text.Json.JsonSerializer.Serialize(body));

    public async Task<JsonNode> CreateRuleAsync(object body) =>
        (await (await PostJsonAsync(Rules, body)).StatusAsync(HttpStatusCode.Created))!;

    public async Task<JsonNode> GetAsync(string path) => (await (await Http.GetAsync(path)).StatusAsync(HttpStatusCode.OK))!;

    public static object Rule(string name, string metric = "Waiting (Now)", string[]? queues = null, bool active = true,
        string type = "Critical", string op = "Greater Than", long value = 10, long duration = 0, string? configTtid = null, bool notify = true,
        string channel = "TC00000000000000000000000000000001") => new Dictionary<string, object?>
    {
        ["rule_friendly_name"] = name,
        ["metric_id"] = metric,
        ["task_channel_sid"] = channel,
        ["task_queue_sids"] = queues ?? [Queue(1)],
        ["active"] = active,
        ["rule_thresholds"] = new[] { new Dictionary<string, object> { ["threshold_type"] = type, ["threshold_operator"] = op, ["threshold_value"] = value } },
        ["notify_enabled"] = notify,
        ["notify_severity"] = "Critical",
        ["notify_duration"] = duration,
        ["notify_methods_id"] = configTtid,
    };

    public static string Queue(int n) => "WQ" + n.ToString("x32");
}

internal static class TwilioAssert
{
    /// <summary>Twilio's error body: code, message, more_info, status, with the expected status and code.</summary>
    public static async Task<JsonNode> TwilioErrorAsync(this HttpResponseMessage response, HttpStatusCode status, int code, string? mentions = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe((int)status, text);
        var body = JsonNode.Parse(text)!;
        body["code"]!.GetValue<int>().ShouldBe(code, text);
        body["status"]!.GetValue<int>().ShouldBe((int)status);
        body["more_info"]!.GetValue<string>().ShouldBe($"https://www.twilio.com/docs/errors/{code}");
        body["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        if (mentions is not null) body["message"]!.GetValue<string>().ShouldContain(mentions, Case.Sensitive, text);
        return body;
    }
}
