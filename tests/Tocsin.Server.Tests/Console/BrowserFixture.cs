using Microsoft.Playwright;

namespace Tocsin.Server.Tests.WebConsole;

// Namespace WebConsole, not Console: a Tocsin.Server.Tests.Console namespace would shadow System.Console in the test project.

/// <summary>
/// One headless Debian Chromium for all browser tests, driven by Playwright for .NET. Playwright's own browser download
/// cannot work here, so the system browser is required; without it the tests fail and say how to install it.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>Limit for each Expect(...) poll; actions and navigations get <see cref="ActionTimeout"/>.</summary>
    public const float ExpectTimeout = 30_000;
    public const float ActionTimeout = 45_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException(MissingMessage);

    public static string MissingMessage =>
        $"Chromium is not installed at {ChromiumPath}; the console tests drive the system browser. Install it with: apt-get install -y chromium";

    /// <summary>Screenshots of the main pages, for people reviewing a run; under the test output, never committed.</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) return; // each test then fails with MissingMessage instead of the whole class erroring obscurely
        // Generous: the machine running the tests is often shared and loaded; an expectation polls, so a long limit costs
        // nothing when the page is quick and only turns a slow run into a pass instead of a flaky failure.
        Assertions.SetDefaultExpectTimeout(ExpectTimeout);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
        Directory.CreateDirectory(ScreenshotDir);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
