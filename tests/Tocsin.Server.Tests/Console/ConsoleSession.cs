using Microsoft.Playwright;
using Tocsin.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>A fresh browser context (own cookies) on a running server, with the steps most console tests share.</summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private ConsoleSession(TocsinApp app, IBrowserContext context, IPage page)
    {
        App = app;
        _context = context;
        Page = page;
    }

    public TocsinApp App { get; }
    public IPage Page { get; }
    public List<string> ConsoleErrors { get; } = [];

    /// <param name="timeZone">The browser's zone; pinned so date inputs mean the same instant on every machine.</param>
    public static async Task<ConsoleSession> OpenAsync(BrowserFixture browser, TocsinApp app, int width = 1280, int height = 800, string timeZone = "UTC")
    {
        Assert.True(File.Exists(BrowserFixture.ChromiumPath), BrowserFixture.MissingMessage);
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = timeZone,
        });
        context.SetDefaultTimeout(BrowserFixture.ActionTimeout);
        context.SetDefaultNavigationTimeout(BrowserFixture.ActionTimeout);
        var page = await context.NewPageAsync();
        var session = new ConsoleSession(app, context, page);
        // Script errors fail tests loudly instead of showing up as "element never appeared".
        page.PageError += (_, e) => session.ConsoleErrors.Add(e);
        // A CSP refusal (e.g. an inline style="" under style-src 'self') is only a console message, and the page then
        // silently looks wrong; count it as a script error.
        page.Console += (_, m) => { if (m.Type == "error" && m.Text.Contains("Content Security Policy", StringComparison.Ordinal)) session.ConsoleErrors.Add(m.Text); };
        return session;
    }

    /// <summary>Logs in through the form and waits until the live stream is connected, so later events are not missed.</summary>
    public async Task LoginAsync(string key = TocsinApp.AdminKey, string hash = "")
    {
        await Page.GotoAsync("/" + hash);
        await Expect(Page.Locator("#login")).ToBeVisibleAsync();
        await Page.FillAsync("#login-key", key);
        await Page.ClickAsync("#login button[type=submit]");
        await Expect(Page.Locator("#top")).ToBeVisibleAsync();
        await Expect(Page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDir, name + ".png"), FullPage = true });

    public ILocator Row(long alertId) => Page.Locator($"#alert-rows tr[data-id='{alertId}']");

    /// <summary>Called at the end of a test (not in Dispose, where it would hide the test's own failure).</summary>
    public void ShouldHaveNoScriptErrors() =>
        Assert.True(ConsoleErrors.Count == 0, "page script errors: " + string.Join(" | ", ConsoleErrors));

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
