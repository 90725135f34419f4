using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Admin.BrowserTests;

/// <summary>
/// The console's pages × {anonymous, support, admin}, generated from the console's page files (a new page
/// without a row fails): anonymous callers are sent to sign-in, support staff are kept out of staff
/// management, admins reach everything.
/// </summary>
[Collection(AdminCollection.Name)]
public sealed partial class ConsoleAuthorizationMatrixTests(AdminStack admin)
{
    private const string SignIn = "signin";
    private const string Denied = "denied";
    private const string Ok = "ok";

    // GET outcome per caller: anonymous, support, admin
    private static readonly Dictionary<string, (string Anonymous, string Support, string Admin)> Expected = new()
    {
        ["/admin/"] = (SignIn, Ok, Ok),
        ["/admin/audit"] = (SignIn, Ok, Ok),
        ["/admin/calls"] = (SignIn, Ok, Ok),
        ["/admin/calls/detail"] = (SignIn, Ok, Ok),
        ["/admin/cashouts"] = (SignIn, Ok, Ok),
        ["/admin/approvals"] = (SignIn, Ok, Ok),
        ["/admin/payouts"] = (SignIn, Ok, Ok),
        ["/admin/reconciliation"] = (SignIn, Ok, Ok),
        ["/admin/users"] = (SignIn, Ok, Ok),
        ["/admin/users/detail"] = (SignIn, Ok, Ok),
        ["/admin/users/adjust"] = (SignIn, Ok, Ok),
        ["/admin/staff"] = (SignIn, Denied, Ok),
        ["/admin/signin"] = (Ok, Ok, Ok),
        ["/admin/denied"] = (Ok, Ok, Ok),
        ["/admin/error"] = (Ok, Ok, Ok),
        ["/admin/signout"] = (SignIn, Ok, Ok), // GET renders nothing; signing out is a POST
    };

    // POST outcome per caller for the handlers that make an admin or move staff credits (SPEC §19); what is not refused
    // here is refused by the rules (the asking admin cannot approve, and so on) or by the anti-forgery token.
    private static readonly Dictionary<string, (string Anonymous, string Support)> ExpectedPosts = new()
    {
        ["/admin/staff?handler=Add"] = (SignIn, Denied),
        ["/admin/staff?handler=Promote"] = (SignIn, Denied),
        ["/admin/staff?handler=ApproveAdmin"] = (SignIn, Denied),
        ["/admin/staff?handler=DeclineAdmin"] = (SignIn, Denied),
        ["/admin/approvals?handler=Approve"] = (SignIn, "400"),
        ["/admin/approvals?handler=Decline"] = (SignIn, "400"),
        ["/admin/users/adjust?handler=Confirm"] = (SignIn, "400"),
    };

    [Fact]
    public void Every_console_page_has_a_row() =>
        Pages().Where(p => !Expected.ContainsKey(p)).ShouldBeEmpty("console pages without an authorization row");

    [Fact]
    public async Task Every_page_answers_each_kind_of_caller_as_the_matrix_says()
    {
        var userId = (await admin.Stack.Client(admin.Stack.NewToken()).GetStringAsync("/api/me")).Split('"')[3];
        var callId = await CallAsync();
        var supportEmail = $"matrix-support-{Guid.NewGuid():N}@digis.test";
        var adminPage = await SignedInAsync(GatewayStack.AdminEmail, GatewayStack.AdminPassword);
        await adminPage.GotoAsync("/admin/staff");
        await adminPage.FillAsync("input[name=email]", supportEmail);
        await adminPage.FillAsync("input[name=password]", "support-password-2");
        await adminPage.SelectOptionAsync("select[name=role]", "support");
        await adminPage.ClickAsync("form[action*='handler=Add'] button");
        var callers = new (string Name, IAPIRequestContext Requests, Func<(string, string, string), string> Want)[]
        {
            ("anonymous", (await admin.NewPageAsync()).Context.APIRequest, e => e.Item1),
            ("support", (await SignedInAsync(supportEmail, "support-password-2")).Context.APIRequest, e => e.Item2),
            ("admin", adminPage.Context.APIRequest, e => e.Item3),
        };

        var failures = new List<string>();
        foreach (var (page, expected) in Expected)
        {
            var url = page.Contains("/users/", StringComparison.Ordinal) ? $"{page}?id={userId}"
                : page.Contains("/calls/", StringComparison.Ordinal) ? $"{page}?id={callId}"
                : page;
            foreach (var (name, requests, want) in callers)
            {
                var response = await requests.GetAsync(url, new() { MaxRedirects = 0 });
                var location = response.Headers.TryGetValue("location", out var l) ? l : "";
                var got = response.Status switch
                {
                    200 => Ok,
                    302 when location.Contains("/admin/signin", StringComparison.Ordinal) => SignIn,
                    302 when location.Contains("/admin/denied", StringComparison.Ordinal) => Denied,
                    _ => $"{response.Status} {location}",
                };
                if (got != want(expected))
                {
                    failures.Add($"{page} as {name}: expected {want(expected)}, got {got}");
                }
            }
        }

        foreach (var (url, expected) in ExpectedPosts)
        {
            foreach (var (name, requests, want) in callers.Where(c => c.Name != "admin"))
            {
                var response = await requests.PostAsync(url, new() { MaxRedirects = 0, Form = requests.CreateFormData().Set("id", Guid.NewGuid().ToString()) });
                var location = response.Headers.TryGetValue("location", out var l) ? l : "";
                var got = response.Status switch
                {
                    302 when location.Contains("/admin/signin", StringComparison.Ordinal) => SignIn,
                    302 when location.Contains("/admin/denied", StringComparison.Ordinal) => Denied,
                    _ => $"{response.Status}",
                };
                var wanted = name == "anonymous" ? expected.Anonymous : expected.Support;
                if (got != wanted)
                {
                    failures.Add($"POST {url} as {name}: expected {wanted}, got {got}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>The console's routes, from its page files: the path, or the <c>@page "/route"</c> it declares.</summary>
    private static IEnumerable<string> Pages()
    {
        var root = Path.Combine(HostProcess.RepoRoot, "src", "Admin", "Pages");
        foreach (var file in Directory.EnumerateFiles(root, "*.cshtml", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith('_') || file.Contains($"{Path.DirectorySeparatorChar}Shared{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var declared = PageDirective().Match(File.ReadAllText(file));
            var relative = Path.GetRelativePath(root, file)[..^".cshtml".Length].Replace('\\', '/').ToLowerInvariant();
            var route = declared.Success ? declared.Groups[1].Value : "/" + (relative.EndsWith("index", StringComparison.Ordinal) ? relative[..^"index".Length] : relative);
            yield return "/admin" + (route == "/" ? "/" : route.TrimEnd('/'));
        }
    }

    [GeneratedRegex("@page \"([^\"]+)\"")]
    private static partial Regex PageDirective();

    /// <summary>A call requested by a fan who bought tokens, for the call's page.</summary>
    private async Task<string> CallAsync()
    {
        var creator = admin.Stack.Client(admin.Stack.NewToken("creator"));
        var creatorId = (await creator.GetStringAsync("/api/me")).Split('"')[3];
        (await creator.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).EnsureSuccessStatusCode();
        var fan = admin.Stack.Client(admin.Stack.NewToken());
        var purchase = await fan.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId });
        var purchaseId = (await purchase.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetGuid();
        (await fan.PostAsync($"/api/sandbox/checkout/{purchaseId}", null)).EnsureSuccessStatusCode();
        var call = await fan.PostAsJsonAsync("/api/calls", new { creatorId });
        return (await call.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
    }

    private async Task<IPage> SignedInAsync(string email, string password)
    {
        var page = await admin.NewPageAsync();
        await page.GotoAsync("/admin/signin");
        await page.FillAsync("input[name=Email]", email);
        await page.FillAsync("input[name=Password]", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        page.Url.ShouldNotContain("/signin");
        return page;
    }
}
