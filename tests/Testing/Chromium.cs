using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Digis.Testing;

/// <summary>Debian's Chromium driven by Playwright (no browser download: <c>/usr/bin/chromium</c>, headless).</summary>
public sealed class Chromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>
    /// What Chromium refused under a page's Content-Security-Policy (SPEC §19), on any page this browser opened: a
    /// stack's fixture fails the run when any is left, so every browser test also checks the policy lets the pages work.
    /// </summary>
    public ConcurrentQueue<string> PolicyViolations { get; } = new();

    public static async Task<Chromium> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // Calls (SPEC §17): a synthetic camera and microphone, granted without a prompt, and peer connections
                // that may also use loopback (a machine whose only interface is lo still connects two pages directly).
                "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection"],
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A fresh browser context (its own cookies and storage) with relative URLs against <paramref name="baseAddress"/>.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A page refused as a frame (frame-ancestors) is the policy working, not a page it broke.
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                && !message.Text.Contains("frame-ancestors", StringComparison.Ordinal))
            {
                PolicyViolations.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
