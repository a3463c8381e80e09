#if TOCSIN_POSTGRES
using System.Net;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.WebConsole;

namespace Tocsin.Server.Tests.Cluster;

/// <summary>
/// A live alert stream shows changes made through any node (#11): nodes relay them to each other with PostgreSQL
/// LISTEN/NOTIFY. Only in the PostgreSQL assembly: on SQLite there is one node.
/// </summary>
public sealed class StreamAcrossNodesTests
{
    [Fact]
    public async Task ChangesThroughOneNode_ReachAStreamOnTheOther()
    {
        await using var a = await TocsinApp.StartAsync();
        await using var b = await TocsinApp.StartAsync(dataDir: a.DataDir); // the same schema: a second node
        var (response, reader) = await AlertStreamTests.OpenAsync(b.Client);
        using (response)
        using (reader)
        {
            // Several commits in a row: the relay gathers them into fewer notifications, and every change must still arrive.
            var ids = new List<long>();
            for (var i = 0; i < 5; i++) ids.Add(await a.TriggerAsync($"Disk full {i}", $"disk/{i}"));
            await (await a.Client.PostAsync($"/api/v1/alerts/{ids[0]}/acknowledge", null)).StatusAsync(HttpStatusCode.OK);

            var seen = new List<(long Id, string Type)>();
            while (seen.Count < 6)
            {
                var e = JsonNode.Parse((await reader.NextNamedAsync("alert")).Data)!;
                seen.Add((e["alertId"]!.GetValue<long>(), e["type"]!.GetValue<string>()));
            }
            seen.Where(s => s.Type == "created").Select(s => s.Id).ShouldBe(ids, ignoreOrder: true);
            seen.ShouldContain((ids[0], "acknowledged"));
        }
    }
}
#endif
