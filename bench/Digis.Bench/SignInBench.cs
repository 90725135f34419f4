using System.Diagnostics;
using System.Net;
using Digis.Testing;

namespace Digis.Bench;

/// <summary>
/// SPEC §9 v3, §15: sign-ins through the gateway at 20 at once (p99 under 300 ms), each the whole of what a person
/// waits for — the sign-in page, the password posted, the code, the tokens; and the CPU that checking an access token
/// adds to an API request (≤ 0.05 ms, keys cached): <c>GET /api/token-packages</c> straight to the API with and without
/// a bearer token, measured side by side.
/// </summary>
public sealed class SignInBench(BenchSettings settings, Report report)
{
    private const string Password = "Bench-Password-1";
    private const int SignInClients = 20;

    public async Task RunAsync()
    {
        var emails = await AccountsAsync(SignInClients);
        Progress.Say($"sign-in: warming up for {settings.WarmUp.TotalSeconds / 4:F0} s");
        await SignInsAsync(emails, settings.WarmUp / 4);
        Progress.Say($"sign-in: {SignInClients} clients signing in over and over for {settings.Duration.TotalSeconds:F0} s");
        var (latencies, failed, elapsed) = await SignInsAsync(emails, settings.Duration);
        var sorted = latencies.Order().ToArray();
        var p99 = Load.Percentile(sorted, 0.99);
        report.Add(new Figure("sign-in via gateway", "throughput", sorted.Length / elapsed.TotalSeconds, "sign-ins/s"));
        report.Add(new Figure("sign-in via gateway", "p50", Load.Percentile(sorted, 0.5), "ms"));
        report.Add(new Figure("sign-in via gateway", "p99", p99, "ms", "< 300 ms", p99 < 300));
        report.Add(new Figure("sign-in via gateway", "failed", failed, "sign-ins", "= 0", failed == 0));

        await ValidationCostAsync();
    }

    private async Task ValidationCostAsync()
    {
        var users = await Seed.UsersAsync(settings.ConnectionString, settings.Clients, 0, 1);
        var tokens = new BenchTokens(settings);
        var cpu = await CpuMeter.CreateAsync(settings);
        var anonymous = new LoadCase("GET /api/token-packages, no token", settings.Api,
            [new LoadRequest("GET", "/api/token-packages", "-")]);
        var bearer = new LoadCase("GET /api/token-packages, bearer token", settings.Api,
            [.. users.Fans.Select(f => new LoadRequest("GET", "/api/token-packages", tokens.Create(f, "fan", "fan")))]);
        await Load.RunAsync(settings.Clients, settings.WarmUp / 4, bearer);
        await Load.RunAsync(settings.Clients, settings.WarmUp / 4, anonymous);
        var results = await Load.CompareAllAsync(settings.Clients, settings.Duration, 5, [anonymous, bearer], cpu);
        if (!cpu.KnowsProcesses)
        {
            return;
        }

        var added = results[1].CpuMsPerRequest(c => c.Api) - results[0].CpuMsPerRequest(c => c.Api);
        report.Add(new Figure("token validation", "API CPU per request without a token", results[0].CpuMsPerRequest(c => c.Api), "ms"));
        report.Add(new Figure("token validation", "API CPU added by the token", added, "ms", "<= 0.05 ms", added <= 0.05));
    }

    /// <summary>Accounts made through the sign-up page (one per client), then signed out.</summary>
    private async Task<string[]> AccountsAsync(int count)
    {
        Progress.Say($"sign-in: creating {count} accounts");
        var emails = Enumerable.Range(0, count).Select(i => $"bench-{i}-{Guid.NewGuid():N}@example.test").ToArray();
        await Task.WhenAll(emails.Select(async email =>
        {
            using var browser = new AccountBrowser(settings.Authority);
            using var created = await browser.SignUpAsync(email, Password, "Bench");
            if (created.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"sign-up failed ({created.StatusCode}): {await created.Content.ReadAsStringAsync()}");
            }
        }));
        return emails;
    }

    /// <summary>Each client signs in with its account again and again, each time as a new browser (no cookies).</summary>
    private async Task<(List<double> LatenciesMs, int Failed, TimeSpan Elapsed)> SignInsAsync(string[] emails, TimeSpan duration)
    {
        var latencies = new List<double>();
        var failed = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(emails.Select(async email =>
        {
            while (clock.Elapsed < duration)
            {
                using var browser = new AccountBrowser(settings.Authority);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var signedIn = await browser.SignInAsync(email, Password);
                    if (signedIn.StatusCode != HttpStatusCode.Redirect)
                    {
                        throw new InvalidOperationException($"sign-in refused: {signedIn.StatusCode}");
                    }

                    await browser.TokensAsync();
                    var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (latencies)
                    {
                        latencies.Add(ms);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TaskCanceledException or Shouldly.ShouldAssertException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        return (latencies, failed, clock.Elapsed);
    }
}
