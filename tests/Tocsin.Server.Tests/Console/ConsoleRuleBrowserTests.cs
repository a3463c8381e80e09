using System.Globalization;
using Tocsin.Server.Tests.Infrastructure;
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

    private static List<(double X, double Y)> Points(string? attribute) =>
        (attribute ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(','))
            .Select(xy => (double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))
            .ToList();
}
