using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.Playwright;

namespace Digis.Web.BrowserTests;

/// <summary>What the browser tests do again and again: users, tokens bought, a signed-in page.</summary>
public static class WebSteps
{
    public static async Task<(string Token, Guid Id)> UserAsync(this GatewayStack stack, string role, string name)
    {
        var token = stack.NewToken(role, name);
        var me = await stack.Client(token).GetFromJsonAsync<JsonElement>("/api/me");
        return (token, me.GetProperty("id").GetGuid());
    }

    public static async Task BuyStarterAsync(this GatewayStack stack, string fanToken)
    {
        var client = stack.Client(fanToken);
        var purchase = await client.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId });
        var id = (await purchase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/sandbox/checkout/{id}", null)).EnsureSuccessStatusCode();
    }

    public static async Task<IPage> SignedInAsync(this WebStack web, string token)
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/app/#/dev-token"); // the paste page of Development and tests (SPEC §15)
        await page.GetByTestId("token-input").FillAsync(token);
        await page.GetByTestId("sign-in").ClickAsync();
        await Assertions.Expect(page.GetByTestId("balance")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        return page;
    }
}
