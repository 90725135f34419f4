using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Domain.Purchases;
using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>
/// A real API process logging at Information (request lines included): requests carrying a bearer token,
/// webhook signatures (good and bad), the billing secret and the hub's access_token, then its whole
/// output is searched for them.
/// </summary>
public sealed class LogRedactionTests
{
    [Fact]
    public async Task No_log_line_contains_a_bearer_token_a_webhook_signature_or_a_secret()
    {
        var database = await TestDatabase.CreateAsync("digis_test_logs");
        await using var api = HostProcess.Start("Api", new Dictionary<string, string>
        {
            ["ConnectionStrings:Digis"] = database,
            ["Auth:SigningKey"] = DigisApiFactory.SigningKey,
            ["Payments:WebhookSecret"] = DigisApiFactory.WebhookSecret,
            ["Payments:Provider"] = "sandbox", // the sandbox exists only where set (SPEC §11)
            ["Billing:WebhookSecret"] = DigisApiFactory.BillingSecret,
            ["Database:MigrateOnStartup"] = "true",
            ["Serilog:MinimumLevel:Default"] = "Information",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Information",
        });
        await api.WaitReadyAsync();
        var token = DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "fan");
        using var client = new HttpClient { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var purchase = await (await client.PostAsJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).Content.ReadFromJsonAsync<JsonElement>();
        var payload = Webhooks.CheckoutCompleted(purchase.GetProperty("id").GetGuid(), 999);
        var signature = Webhooks.Sign(payload);
        using var anonymous = new HttpClient { BaseAddress = api.BaseAddress };
        (await Webhooks.DeliverAsync(anonymous, payload, signature)).EnsureSuccessStatusCode();
        await Webhooks.DeliverAsync(anonymous, payload, "t=1,v1=" + new string('a', 64));
        using var meter = new HttpRequestMessage(HttpMethod.Post, "/api/billing/meter");
        meter.Headers.Add("X-Billing-Secret", DigisApiFactory.BillingSecret);
        (await anonymous.SendAsync(meter)).EnsureSuccessStatusCode();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/api/wallet");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        await anonymous.SendAsync(forged);
        await using (await LiveClient.ConnectAsync(api.BaseAddress, token, skipNegotiation: true))
        {
        }

        await Task.Delay(500);
        var log = api.Output;

        log.ShouldContain("/api/webhooks/payments"); // the requests were logged…
        log.ShouldContain("/api/billing/meter");
        log.ShouldContain("/hubs/live");
        foreach (var secret in new[]
                 {
                     token, token.Split('.')[2], signature.Split("v1=")[1], new string('a', 64),
                     DigisApiFactory.SigningKey, DigisApiFactory.WebhookSecret, DigisApiFactory.BillingSecret,
                 })
        {
            log.ShouldNotContain(secret, customMessage: "a secret reached the log"); // …without what authenticates them
        }
    }
}
