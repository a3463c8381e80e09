using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Tocsin.Core.Tenancy;
using Tocsin.Server.Tests.Infrastructure;
using Tocsin.Server.Tests.Notifications;
using static Microsoft.Playwright.Assertions;

namespace Tocsin.Server.Tests.WebConsole;

/// <summary>
/// The inbox page and the header's unread count against the real inbox API: a user paged by an escalation policy
/// (no notification rules, so the page lands in the in-app inbox), logged in with a key bound to that user.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsoleInboxBrowserTests(BrowserFixture browser)
{
    private static async Task<string> UserKeyAsync(TocsinApp app, long user)
    {
        var tenant = (await app.Services.GetRequiredService<ITenantStore>().ListTenantsAsync(default))[0].Id;
        var (_, secret) = await app.Services.GetRequiredService<TenantService>()
            .CreateKeyAsync(tenant, "alice console", [Permission.AlertsRead, Permission.AlertsWrite], user, default);
        return secret;
    }

    [Fact]
    public async Task Inbox_RealPage_ShowsLiveWithUnreadCount_MarkReadLowersIt()
    {
        await using var app = await NotificationScenario.StartAsync();
        var (user, integrationKey) = await app.PagedUserAsync("Alice");
        var first = await app.PageAsync(integrationKey, "Checkout down", dedupKey: "checkout");
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(await UserKeyAsync(app, user));
        await Expect(s.Page.Locator("#who")).ToHaveTextAsync("Alice · default");
        await Expect(s.Page.Locator("#inbox-count")).ToHaveTextAsync("1");

        // A second page while the console is open: the count rises without a reload (the inbox stream).
        await s.Page.EvaluateAsync("window.__sameDocument = true");
        var second = await app.PageAsync(integrationKey, "Disk full on db-1", dedupKey: "disk");
        await Expect(s.Page.Locator("#inbox-count")).ToHaveTextAsync("2");
        await Expect(s.Page.Locator("[data-nav='inbox']")).ToHaveAttributeAsync("aria-label", "Inbox, 2 unread");

        await s.Page.ClickAsync("[data-nav='inbox']");
        var items = s.Page.Locator("#inbox-items li");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(items.Nth(0)).ToContainTextAsync("Disk full on db-1"); // newest first
        await Expect(items.Nth(0).Locator("a")).ToHaveAttributeAsync("href", $"#/alerts/{second}");
        await Expect(items.Nth(1).Locator("a")).ToHaveAttributeAsync("href", $"#/alerts/{first}");
        await Expect(s.Page.Locator("#inbox-items li.unread")).ToHaveCountAsync(2);
        await s.ScreenshotAsync("inbox");

        await items.Nth(1).Locator("button.mark-read").ClickAsync();
        await Expect(items.Nth(1)).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("unread"));
        await Expect(s.Page.Locator("#inbox-count")).ToHaveTextAsync("1");
        var alice = await app.ClientWithAsync([Permission.AlertsRead], userId: user);
        (await (await alice.GetAsync("/api/v1/inbox/unread-count")).StatusAsync(HttpStatusCode.OK))!["unread"]!.GetValue<long>().ShouldBe(1);

        // Open on the inbox page: a new item goes on top live, and "unread only" hides the read one.
        await app.PageAsync(integrationKey, "Queue depth high", dedupKey: "queue");
        await Expect(items).ToHaveCountAsync(3);
        await Expect(items.Nth(0)).ToContainTextAsync("Queue depth high");
        await Expect(s.Page.Locator("#inbox-count")).ToHaveTextAsync("2");
        (await s.Page.EvaluateAsync<bool>("window.__sameDocument === true")).ShouldBeTrue();
        await s.Page.CheckAsync("#inbox-unread-only");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(s.Page.Locator($"#inbox-items a[href='#/alerts/{first}']")).ToHaveCountAsync(0);

        // The alert page lists the in-app notification and its delivery status.
        await s.Page.ClickAsync($"#inbox-items a[href='#/alerts/{second}']");
        var delivered = s.Page.Locator("#notification-list li[data-channel='inapp']");
        await Expect(delivered).ToContainTextAsync("Alice");
        await Expect(delivered.Locator(".badge.delivery-sent")).ToBeVisibleAsync();
        await s.Page.GoBackAsync();
        await Expect(items).ToHaveCountAsync(2);

        // Reading the rest brings the badge to zero, which hides it.
        var buttons = s.Page.Locator("#inbox-items button.mark-read");
        await buttons.First.ClickAsync();
        await Expect(buttons).ToHaveCountAsync(1); // a read item loses its button
        await buttons.First.ClickAsync();
        await Expect(buttons).ToHaveCountAsync(0);
        await Expect(s.Page.Locator("#inbox-count")).ToBeHiddenAsync();
        await Expect(s.Page.Locator("[data-nav='inbox']")).ToHaveAttributeAsync("aria-label", "Inbox");
        s.ShouldHaveNoScriptErrors();
    }

    [Fact]
    public async Task Inbox_KeyNotBoundToUser_SaysWhyAndShowsNoBadge()
    {
        await using var app = await NotificationScenario.StartAsync();
        var (_, integrationKey) = await app.PagedUserAsync("Alice");
        await app.PageAsync(integrationKey);
        await using var s = await ConsoleSession.OpenAsync(browser, app);
        await s.LoginAsync(); // the admin key belongs to no user
        await s.Page.ClickAsync("[data-nav='inbox']");
        await Expect(s.Page.Locator(".notice")).ToContainTextAsync("not bound to a user");
        await Expect(s.Page.Locator("#inbox-count")).ToBeHiddenAsync();
        s.ShouldHaveNoScriptErrors();
    }
}
