using System.Net;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;

namespace Tocsin.Server.Tests.Cli;

/// <summary>Runs the real `tocsin` executable (built next to the tests) against a real server.</summary>
public sealed class CliTests
{
    private static Task<(int Code, string Out, string Err)> TocsinAsync(params string[] args) => TocsinProcess.RunAsync(args);

    [Fact]
    public async Task EventSend_AlertsListShowAckResolve_AgainstRunningServer()
    {
        await using var app = await TocsinApp.StartAsync();
        var common = new[] { "--url", app.BaseUrl, "--key", TocsinApp.AdminKey };

        var sent = await TocsinAsync(["event", "send", "--summary", "CLI disk full", "--dedup-key", "cli/1", "--priority", "critical", "--label", "host=db1", "--json", .. common]);
        sent.Code.ShouldBe(0, sent.Err);
        var id = JsonNode.Parse(sent.Out)!["alertIds"]![0]!.GetValue<long>();

        var list = await TocsinAsync(["alerts", "list", "--json", .. common]);
        list.Code.ShouldBe(0, list.Err);
        JsonNode.Parse(list.Out)!["items"]![0]!["title"]!.GetValue<string>().ShouldBe("CLI disk full");

        var table = await TocsinAsync(["alerts", "list", .. common]);
        table.Code.ShouldBe(0, table.Err);
        table.Out.ShouldContain("CLI disk full");
        table.Out.ShouldContain("triggered");

        var ack = await TocsinAsync(["alerts", "ack", id.ToString(System.Globalization.CultureInfo.InvariantCulture), .. common]);
        ack.Code.ShouldBe(0, ack.Err);
        ack.Out.ShouldContain("acknowledged");

        var resolve = await TocsinAsync(["alerts", "resolve", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", .. common]);
        JsonNode.Parse(resolve.Out)!["status"]!.GetValue<string>().ShouldBe("resolved");

        var again = await TocsinAsync(["alerts", "ack", id.ToString(System.Globalization.CultureInfo.InvariantCulture), .. common]);
        again.Code.ShouldBe(1);
        again.Out.ShouldContain("409");
    }

    [Fact]
    public async Task BadKey_FailsWithReadableError()
    {
        await using var app = await TocsinApp.StartAsync();
        var r = await TocsinAsync("alerts", "list", "--url", app.BaseUrl, "--key", "wrong-key-wrong-key-wrong-key-wrong");
        r.Code.ShouldBe(1);
        r.Out.ShouldContain("401");
    }

    [Fact]
    public async Task KeysCreateListRevoke_OnLocalDatabase()
    {
        await using var app = await TocsinApp.StartAsync();
        var created = await TocsinAsync(["keys", "create", "--name", "ci", "--permission", "events:write", .. app.CliDatabaseArgs]);
        created.Code.ShouldBe(0, created.Err + created.Out);
        var secret = created.Out.Trim().Split('\n')[^1].Trim();
        using var client = app.CreateClient(secret);
        await (await client.PostAsync("/api/v1/events", new StringContent("{\"summary\":\"from ci\"}", System.Text.Encoding.UTF8, "application/json")))
            .StatusAsync(HttpStatusCode.Accepted);

        var list = await TocsinAsync(["keys", "list", .. app.CliDatabaseArgs]);
        list.Out.ShouldContain("ci");
        list.Out.ShouldNotContain(secret);

        var bad = await TocsinAsync(["keys", "create", "--name", "x", "--permission", "root", .. app.CliDatabaseArgs]);
        bad.Code.ShouldBe(1);
        bad.Out.ShouldContain("unknown permission");
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=tocsin;Timeout=3", "Failed to connect")] // nothing listens on port 1
    [InlineData("Host=127.0.0.1;Username=tocsin;Max Pool Size=8", "max pool size")] // Npgsql's key is "Maximum Pool Size"
    public async Task Serve_PostgresSettingsThatCannotWork_OneLineError_ExitCode1(string connection, string named)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tocsin-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await TocsinAsync("serve", "--urls", "http://127.0.0.1:0", "--data-dir", dir, "--db", "postgres", "--connection", connection);

            run.Code.ShouldBe(1, run.Out + run.Err);
            run.Err.ShouldStartWith("error: tocsin could not start:");
            run.Err.ShouldContain(named, Case.Insensitive);
            run.Err.ShouldNotContain("   at ", customMessage: "no stack trace");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
