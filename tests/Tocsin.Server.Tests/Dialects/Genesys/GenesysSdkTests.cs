using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Rules;
using static Tocsin.Server.Tests.Dialects.Genesys.GenesysTestApi;

namespace Tocsin.Server.Tests.Dialects.Genesys;

/// <summary>
/// The official Genesys Cloud JavaScript SDK (npm purecloud-platform-client-v2 212.1.0, installed into sdk/ by
/// <c>npm ci --prefix tests/Tocsin.Server.Tests/Dialects/Genesys/sdk</c>) against the real server. sdk/flow.js does the
/// SDK calls in two phases; between them this test advances the fake clock and runs the evaluator, which no SDK can do.
/// </summary>
public sealed class GenesysSdkTests
{
    private const string SdkFolder = "tests/Tocsin.Server.Tests/Dialects/Genesys/sdk";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(180); // two loaded cores: node + SDK load is slow

    [Fact]
    public async Task OfficialJsSdk_LoginCrudBreakReadDelete_WorksAgainstDialect()
    {
        var sdk = SdkDirectory();
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var (userId, userGuid) = await app.CreateUserAsync();
        // Bound to the user, so unread/active counts are that user's own (the per-user semantics the SDK's caller sees).
        var created = await app.Client.PostAsJsonAsync("/api/v1/oauth-clients", new { name = "genesys sdk", permissions = new[] { "alerts:read", "alerts:write" }, userId });
        var oauthClient = (await created.StatusAsync(HttpStatusCode.Created))!;
        var env = new Dictionary<string, string>
        {
            ["TOCSIN_PORT"] = new Uri(app.BaseUrl).Port.ToString(CultureInfo.InvariantCulture),
            ["GENESYS_CLIENT_ID"] = oauthClient["clientId"]!.GetValue<string>(),
            ["GENESYS_CLIENT_SECRET"] = oauthClient["clientSecret"]!.GetValue<string>(),
            ["TOCSIN_ADMIN_KEY"] = TocsinApp.AdminKey,
            ["GENESYS_USER_ID"] = userGuid,
            ["GENESYS_QUEUE_ID"] = QueueId,
            // Ahead of the clock: the background worker may tick as soon as the clock advances (see RuleTestApi).
            ["SAMPLE_TIME_MS"] = (t0 + TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };

        var setup = await RunAsync(sdk, "setup", env);
        Violations(setup).ShouldBeEmpty(); // every answer has the fields the SDK's index.d.ts declares, and no others
        setup["created"]!["selfUri"]!.GetValue<string>().ShouldStartWith(RulesUrl + "/");
        setup["got"]!["name"]!.GetValue<string>().ShouldBe("sdk throwaway");
        setup["got"]!["notificationUsers"]![0]!["id"]!.GetValue<string>().ShouldBe(userGuid);
        setup["listed"]!["total"]!.GetValue<long>().ShouldBe(1);
        setup["updated"]!["statistic"]!.GetValue<string>().ShouldBe("min");
        setup["deletedStatus"]!["status"]!.GetValue<int>().ShouldBe(404);
        setup["deletedStatus"]!["code"]!.GetValue<string>().ShouldBe("not.found");
        setup["unreadBefore"]!["count"]!.GetValue<int>().ShouldBe(0);
        var rule = setup["rule"]!;
        rule["inAlarm"]!.GetValue<bool>().ShouldBeFalse();
        var ruleId = rule["id"]!.GetValue<string>();

        await app.StepAsync(TimeSpan.FromSeconds(10));

        var check = await RunAsync(sdk, "check", new Dictionary<string, string>(env) { ["RULE_ID"] = ruleId });
        Violations(check).ShouldBeEmpty();
        check["rule"]!["inAlarm"]!.GetValue<bool>().ShouldBeTrue();
        check["alerts"]!["total"]!.GetValue<long>().ShouldBe(1);
        var alert = check["alert"]!;
        alert["ruleId"]!.GetValue<string>().ShouldBe(ruleId);
        alert["name"]!.GetValue<string>().ShouldBe("Queue A abandon > 30s");
        alert["unread"]!.GetValue<bool>().ShouldBeTrue();
        alert["startDate"]!.GetValue<string>().ShouldBe(Tocsin.Server.Dialects.Genesys.GenesysMapping.Date(t0 + TimeSpan.FromSeconds(10)));
        alert.AsObject().ContainsKey("endDate").ShouldBeFalse();
        alert["notificationUsers"]![0]!["id"]!.GetValue<string>().ShouldBe(userGuid);
        check["active"]!["count"]!.GetValue<int>().ShouldBe(1);
        check["unreadBefore"]!["count"]!.GetValue<int>().ShouldBe(1);
        check["marked"]!["unread"]!.GetValue<bool>().ShouldBeFalse();
        check["unreadAfter"]!["count"]!.GetValue<int>().ShouldBe(0);
        check["alertAfter"]!["unread"]!.GetValue<bool>().ShouldBeFalse();
        check["rulesAfter"]!["total"]!.GetValue<long>().ShouldBe(0);
        check["activeAfter"]!["count"]!.GetValue<int>().ShouldBe(0);
    }

    private static List<string> Violations(JsonNode result) => result["violations"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();

    /// <summary>The checked-in sdk/ folder; fails (never skips) when its node_modules was not installed.</summary>
    private static string SdkDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, SdkFolder, "package.json"))) dir = dir.Parent;
        dir.ShouldNotBeNull($"{SdkFolder}/package.json not found above {AppContext.BaseDirectory}");
        var sdk = Path.Combine(dir.FullName, SdkFolder);
        if (!Directory.Exists(Path.Combine(sdk, "node_modules", "purecloud-platform-client-v2")))
            Assert.Fail($"the official Genesys SDK is not installed in {sdk}/node_modules; run: npm install --prefix {SdkFolder}");
        return sdk;
    }

    /// <summary>Runs <c>node flow.js phase</c>; returns its JSON, or fails the test with its exit code and stderr.</summary>
    private static async Task<JsonNode> RunAsync(string sdk, string phase, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = sdk,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("flow.js");
        info.ArgumentList.Add(phase);
        foreach (var (name, value) in env) info.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("`node` (Node.js 20) is not on PATH; the Genesys SDK test needs it", e);
        }
        using (process)
        {
            // Read both pipes while waiting: a full pipe would block node forever.
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(NodeTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"node flow.js {phase} did not finish in {NodeTimeout}; stderr: {await stderr}");
            }
            var output = await stdout;
            var errors = await stderr;
            process.ExitCode.ShouldBe(0, $"node flow.js {phase} failed:\n{errors}\n{output}");
            return JsonNode.Parse(output.Trim().Split('\n')[^1])
                ?? throw new InvalidOperationException($"node flow.js {phase} printed no JSON: {output}");
        }
    }
}
