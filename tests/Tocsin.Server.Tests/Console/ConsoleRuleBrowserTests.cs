using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.OnCall;
using Tocsin.Server.Tests.Rules;
using static Microsoft.Playwright.Assertions;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>The rule editor against the real rules API and series store, in headless Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleRuleBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task RulePage_IngestedSamples_ChartedPerSegmentWithThreshold()
    {
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var id = (await app.CreateRuleAsync(new
        {
            name = "CPU hot", condition = "max(timeMax(cpu)) > 90", segmentBy = new[] { "host" }, evaluationStepSeconds = 10, windowSeconds = 60,
        })).Id();
        await app.PushAsync("cpu", 20, t0 - TimeSpan.FromSeconds(40), new { host = "a" });
        await app.PushAsync("cpu", 60, t0 - TimeSpan.FromSeconds(20), new { host = "a" });
        await app.PushAsync("cpu", 95, t0, new { host = "a" });
        await app.PushAsync("cpu", 5, t0, new { host = "b" });
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(hash: $"#/rules/{id}");

        var a = s.Page.Locator("#rule-charts figure[data-segment='host=a']");
        await Expect(a.Locator("figcaption")).ToHaveTextAsync("host=a");
        var line = a.Locator("polyline.chart-line");
        await Expect(line).ToHaveAttributeAsync("data-values", "20,60,95");
        await Expect(s.Page.Locator("#rule-charts figure[data-segment='host=b'] polyline")).ToHaveAttributeAsync("data-values", "5");
        await Expect(s.Page.Locator("#rule-charts figure[data-segment='host=b'] circle.chart-dot")).ToHaveCountAsync(1);

        // The drawn line follows the numbers: time runs left to right, a higher value sits higher (smaller y), and the
        // critical line at 90 lies between the samples 60 and 95.
        var points = Points(await line.GetAttributeAsync("points"));
        points.Count.ShouldBe(3);
        points.Select(p => p.X).ShouldBeInOrder(SortDirection.Ascending);
        points[2].Y.ShouldBeLessThan(points[1].Y);
        points[1].Y.ShouldBeLessThan(points[0].Y);
        var threshold = a.Locator("line.chart-threshold.critical");
        await Expect(threshold).ToHaveAttributeAsync("data-value", "90");
        var y90 = double.Parse((await threshold.GetAttributeAsync("y1"))!, CultureInfo.InvariantCulture);
        y90.ShouldBeGreaterThan(points[2].Y);
        y90.ShouldBeLessThan(points[1].Y);
        // Equal time steps are equal distances: 20 s between each sample.
        Math.Abs(points[1].X - points[0].X - (points[2].X - points[1].X)).ShouldBeLessThan(0.5);
        await s.ScreenshotAsync("rule-chart");

        // A new sample shows after "Evaluate now", without reloading the page.
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        await app.PushAsync("cpu", 50, t0 + TimeSpan.FromSeconds(10), new { host = "a" });
        await s.Page.ClickAsync("#run-preview");
        await Expect(line).ToHaveAttributeAsync("data-values", "20,60,95,50");
        await Expect(s.Page.Locator("#rule-preview")).ToContainTextAsync("host=a");
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task RuleEditor_BadCondition_MarksServersErrorPosition_ThenCreates()
    {
        // The real POST /rules/validate, not a mock: the page must mark where the server's parser says the error is.
        await using var app = await TocsinApp.StartAsync();
        const string bad = "max(cpu) > @5";
        var answer = (await (await app.Client.PostAsJsonAsync("/api/v1/rules/validate", new { condition = bad })).StatusAsync(HttpStatusCode.OK))!;
        answer["valid"]!.GetValue<bool>().ShouldBeFalse();
        var position = answer["errors"]![0]!["position"]!.GetValue<int>();
        position.ShouldBe(bad.IndexOf('@', StringComparison.Ordinal));
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(hash: "#/rules/new");

        await s.Page.FillAsync("#rule-name", "CPU hot");
        await s.Page.FillAsync("#rule-filter", "env='prod'");
        await s.Page.FillAsync("#rule-condition", bad);
        var mark = s.Page.Locator("#rule-condition-status mark");
        await Expect(mark).ToHaveTextAsync("@");
        await Expect(mark).ToHaveAttributeAsync("data-position", position.ToString(CultureInfo.InvariantCulture));
        await Expect(s.Page.Locator("#rule-condition-status .validity")).ToHaveAttributeAsync("data-state", "invalid");
        await Expect(s.Page.Locator("#rule-condition")).ToHaveAttributeAsync("aria-invalid", "true");
        await s.ScreenshotAsync("rule-error");

        // Saving anyway: the server refuses, and its message lands next to the condition.
        await s.Page.ClickAsync("#rule-form button[type=submit]");
        await Expect(s.Page.Locator("#rule-condition + .field-error")).ToBeVisibleAsync();
        (await (await app.Client.GetAsync("/api/v1/rules")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldBeEmpty();

        await s.Page.FillAsync("#rule-condition", "max(timeMax(cpu)) > 95");
        await Expect(s.Page.Locator("#rule-condition-status .validity")).ToHaveTextAsync("✓ valid");
        await Expect(mark).ToHaveCountAsync(0);
        await s.Page.ClickAsync("#rule-form button[type=submit]");
        await Expect(s.Page.Locator("h1")).ToHaveTextAsync("CPU hot");
        var rule = (await (await app.Client.GetAsync("/api/v1/rules")).StatusAsync(HttpStatusCode.OK))!["items"]!.AsArray().ShouldHaveSingleItem()!;
        rule["condition"]!.GetValue<string>().ShouldBe("max(timeMax(cpu)) > 95");
        rule["filter"]!.GetValue<string>().ShouldBe("env='prod'");
        await Expect(s.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/rules/{rule.Id()}$"));
        await Expect(s.Page.Locator("#rule-charts-empty")).ToBeVisibleAsync(); // no samples yet: said, not drawn
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task Phone_DarkMode_RuleChartAlertAndSchedulePagesFitTheScreen()
    {
        // Nothing may scroll the whole page sideways on a phone; the shift calendar scrolls inside its own box.
        await using var app = await TocsinApp.StartAsync();
        var t0 = app.Clock.GetUtcNow();
        var rule = (await app.CreateRuleAsync(new { name = "Latency", condition = "max(timeMax(latency)) > 2", segmentBy = new[] { "service" }, evaluationStepSeconds = 10, windowSeconds = 60 })).Id();
        await app.PushAsync("latency", 1.5, t0 - TimeSpan.FromSeconds(20), new { service = "checkout-api-with-a-rather-long-name" });
        await app.PushAsync("latency", 2.5, t0, new { service = "checkout-api-with-a-rather-long-name" });
        var alert = await app.TriggerAsync("Checkout latency p99 above two seconds for the last five minutes in eu-west-1", source: "grafana");
        var alice = await app.UserAsync("Alice");
        var schedule = (await app.Client.PostOkAsync("/api/v1/schedules", new
        {
            name = "Ops", timeZone = "UTC",
            layers = new[] { new { name = "Primary", users = new[] { alice }, start = t0.AddDays(-1), shiftLength = new { unit = "days", count = 1 }, handoffTime = "09:00" } },
        }))["id"]!.GetValue<long>();
        await using var s = await ConsoleSession.OpenAsync(browser, app, width: 390, height: 844);
        await s.Page.EmulateMediaAsync(new Microsoft.Playwright.PageEmulateMediaOptions { ColorScheme = Microsoft.Playwright.ColorScheme.Dark });
        await s.LoginAsync(hash: $"#/rules/{rule}");

        await Expect(s.Page.Locator("#rule-charts polyline")).ToHaveAttributeAsync("data-values", "1.5,2.5");
        await FitsAsync(s, "rule-phone-dark");
        await s.Page.GotoAsync($"/#/alerts/{alert}");
        await Expect(s.Page.Locator("#timeline li[data-type='created']")).ToBeVisibleAsync();
        await FitsAsync(s, "alert-phone-dark");
        await s.Page.GotoAsync($"/#/oncall/{schedule}");
        await Expect(s.Page.Locator(".cal-track.layer[data-layer='0'] .bar").First).ToContainTextAsync("Alice");
        await FitsAsync(s, "schedule-phone-dark");
        s.ShouldHaveNoScriptErrors();
    }

    private static async Task FitsAsync(ConsoleSession s, string screenshot)
    {
        await s.ScreenshotAsync(screenshot);
        var (page, view) = (await s.Page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await s.Page.EvaluateAsync<int>("window.innerWidth"));
        page.ShouldBeLessThanOrEqualTo(view, $"{screenshot}: the page is {page}px wide on a {view}px screen");
    }

    private static List<(double X, double Y)> Points(string? attribute) =>
        (attribute ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToList();
}
