using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Workers;

namespace Tocsin.Server.Tests.Workers;

public sealed class RetentionTests
{
    private static async Task<long> SendOnceAsync(TocsinApp app, string key)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events") { Content = JsonContent.Create(new { summary = "once" }) };
        req.Headers.Add("Idempotency-Key", key);
        return (await (await app.Client.SendAsync(req)).StatusAsync(HttpStatusCode.Accepted))!["alertIds"]![0]!.GetValue<long>();
    }

    [Fact]
    public async Task Purge_AfterTtl_ForgetsIdempotencyKeys_ButNotBefore()
    {
        await using var app = await TocsinApp.StartAsync();
        var runner = app.Services.GetRequiredService<RetentionRunner>();
        var first = await SendOnceAsync(app, "k1");

        app.Clock.Advance(TimeSpan.FromHours(23));
        (await runner.RunOnceAsync(default)).ShouldBe(0);
        (await SendOnceAsync(app, "k1")).ShouldBe(first);

        app.Clock.Advance(TimeSpan.FromHours(2));
        // The hosted worker's timer may fire on Advance and purge first; either way the record must be gone.
        await runner.RunOnceAsync(default);
        (await SendOnceAsync(app, "k1")).ShouldNotBe(first, "after the TTL the key is new again");
    }
}
