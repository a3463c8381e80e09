using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Dialects.Twilio;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Rules;
using static Tocsin.Server.Tests.Dialects.Twilio.TwilioClient;

namespace Tocsin.Server.Tests.Dialects.Twilio;

/// <summary>#9 §4: samples named by the metric id itself (<c>Waiting (Now)</c>) reach the rules on that metric id, for each of the seed's 17.</summary>
public sealed class TwilioMetricIdTests
{
    private const string Channel = "TC00000000000000000000000000000001";

    /// <summary>The seed's list (twilio-flex-insights-rules-api.md, metric_id), copied here so a change to the mapping is seen.</summary>
    public static readonly string[] SeedMetricIds =
    [
        "Active (Now)", "Waiting (Now)", "Available Agents (Now)", "Offline Agents (Now)", "Unavailable Agents (Now)",
        "Abandoned (30 min)", "Abandoned (Today)", "Accepted (30 min)", "Accepted (Today)", "Avg. Speed of Answer (Today)",
        "Avg. Handle Time (Today)", "Missed Invitations (30 min)", "Missed Invitations (Today)", "SLA (30 min)", "SLA (Today)",
        "Longest Available Agent (Now)", "Longest (Now)",
    ];

    [Fact]
    public void Mapping_CoversExactlyTheSeedsMetricIds()
    {
        TwilioMapping.Metrics.Keys.Order(StringComparer.Ordinal).ShouldBe(SeedMetricIds.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// One rule per metric id, threshold 10·i + 5; metric i carries 10·i + 9. A rule reading any other metric would see a
    /// value below its threshold (a lower metric) or a different value (a higher one), so each must fire on exactly its own.
    /// </summary>
    [Fact]
    public async Task EveryMetricId_SamplesNamedByTheId_FireTheRuleOnThatMetric_WithItsValue()
    {
        await using var app = await TocsinApp.StartAsync();
        var flex = await ForAsync(app);
        var ids = new long[SeedMetricIds.Length];
        for (var i = 0; i < SeedMetricIds.Length; i++)
        {
            var rule = await flex.CreateRuleAsync(Rule($"rule {i}", metric: SeedMetricIds[i], value: 10 * i + 5));
            ids[i] = Convert.ToInt64(rule["sid"]!.GetValue<string>()[2..], 16);
        }

        // Three points fill the 30 s window at its 10 s step, so the rule's time average is the pushed value itself.
        var t0 = app.Clock.GetUtcNow();
        for (var step = 0; step < 3; step++)
        {
            var batch = SeedMetricIds.Select((id, i) => new
            {
                name = id, labels = new { task_queue_sid = Queue(1), task_channel_sid = Channel }, value = 10.0 * i + 9,
                timestamp = (t0 + TimeSpan.FromSeconds(10 * step)).ToUnixTimeMilliseconds(),
            }).ToArray();
            var pushed = await (await app.Client.PostAsJsonAsync("/api/v1/metrics", batch)).StatusAsync(HttpStatusCode.Accepted);
            pushed!["accepted"]!.GetValue<int>().ShouldBe(SeedMetricIds.Length);
        }
        app.Clock.Advance(TimeSpan.FromSeconds(20));
        await app.EvaluateAsync();

        for (var i = 0; i < SeedMetricIds.Length; i++)
        {
            var alerts = await app.AlertsAsync($"rule:{ids[i]}:task_queue_sid={Queue(1)}");
            alerts.Count.ShouldBe(1, SeedMetricIds[i]);
            alerts[0]!["priority"]!.GetValue<string>().ShouldBe("critical");
            var segment = (await app.StateAsync(ids[i]))["segments"]![0]!;
            segment["status"]!.GetValue<string>().ShouldBe("firing", SeedMetricIds[i]);
            segment["value"]!.GetValue<double>().ShouldBe(10.0 * i + 9, SeedMetricIds[i]);
        }
    }

    [Fact]
    public async Task Sample_NamedByAnUnknownId_Returns400NamingTheName()
    {
        await using var app = await TocsinApp.StartAsync();
        var response = await app.Client.PostAsJsonAsync("/api/v1/metrics", new object[] { new { name = "Waiting (Later)", value = 1 } });
        await response.ProblemAsync(HttpStatusCode.BadRequest, "[0].name");
    }
}
