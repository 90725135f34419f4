using System.Net;
using Digis.Application.Staff.RunReconciliation;
using Digis.Domain.Purchases;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class OperationsTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task Metrics_export_sales_spends_transactions_and_reconciliation()
    {
        var fan = App.NewUser();
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var purchase = await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).ReadJsonAsync();
        await fan.Client.PostAsync($"/api/sandbox/checkout/{purchase["id"]}", null);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await App.SendAsync(new RunReconciliation(null))).Mismatches.ShouldBe(0);

        var metrics = await App.CreateClient().GetStringAsync("/metrics");

        Value(metrics, "digis_tokens_sold_total").ShouldBeGreaterThanOrEqualTo(100);
        Value(metrics, "digis_sales_cents_total").ShouldBeGreaterThanOrEqualTo(999);
        Value(metrics, "digis_spends_total{kind=\"tip\"}").ShouldBeGreaterThanOrEqualTo(1);
        Value(metrics, "digis_reconciliation_mismatches").ShouldBe(0);
        metrics.ShouldContain("digis_transaction_seconds_bucket{command=\"SendTip\",outcome=\"committed\"");
    }

    private static double Value(string metrics, string name)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal))
            ?? throw new ShouldAssertException($"{name} is not exported");
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

[Collection(nameof(CallsCollection))]
public sealed class WebhookReplayTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_captured_event_delivered_again_after_five_minutes_is_refused()
    {
        var clocked = app;
        var fan = App.NewUser();
        var id = (await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId })).ReadJsonAsync())["id"]!.GetValue<string>();
        var payload = Webhooks.CheckoutCompleted(Guid.Parse(id), 999);
        var signature = Webhooks.Sign(payload, clocked.Clock.GetUtcNow());
        var provider = App.CreateClient();

        (await Webhooks.DeliverAsync(provider, payload, signature)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Webhooks.DeliverAsync(provider, payload, signature)).StatusCode.ShouldBe(HttpStatusCode.OK); // duplicate in the window: no effect
        clocked.Clock.Advance(TimeSpan.FromSeconds(301));
        await (await Webhooks.DeliverAsync(provider, payload, signature)).ShouldBeProblemAsync(401, "unauthorized");

        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
    }
}
