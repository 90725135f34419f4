using Digis.Application.Common.Exceptions;
using Digis.Application.Payments.ReceivePaymentWebhook;
using Digis.Application.Payments.SandboxCheckout;
using Digis.Application.Purchases.CreatePurchase;
using Digis.Application.Purchases.GetPurchase;
using Digis.Application.Purchases.GetTokenPackages;
using Digis.Domain.Common;
using Digis.Domain.Purchases;
using Digis.Testing;

namespace Digis.Application.IntegrationTests;

[Collection(nameof(AppCollection))]
public sealed class PurchaseUseCaseTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task GetTokenPackages_lists_the_active_bundles_by_size()
    {
        var packages = await App.SendAsync(new GetTokenPackages());

        packages.Select(p => p.Code).ShouldBe(["starter", "fan", "superfan"]);
    }

    [Fact]
    public async Task CreatePurchase_copies_the_package_and_GetPurchase_shows_it_only_to_its_owner()
    {
        var fan = await App.FundedUserAsync(0);

        var created = await App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.SuperfanId));
        var read = await App.SendAsync(new GetPurchase(fan.Id, created.Id));

        read.Tokens.ShouldBe(1200);
        read.PriceCents.ShouldBe(9999);
        read.Status.ShouldBe(PurchaseStatus.Pending);
        await Should.ThrowAsync<NotFoundException>(() => App.SendAsync(new GetPurchase(Guid.CreateVersion7(), created.Id)));
    }

    [Fact]
    public async Task CreatePurchase_with_an_unknown_or_empty_package_is_refused()
    {
        var fan = await App.FundedUserAsync(0);

        await Should.ThrowAsync<NotFoundException>(() => App.SendAsync(new CreatePurchase(fan.Id, Guid.CreateVersion7())));
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new CreatePurchase(fan.Id, Guid.Empty))))
            .BrokenRule.ShouldBeOfType<PurchaseNeedsAPackageRule>();
    }

    [Fact]
    public async Task CreatePurchase_with_one_key_sent_concurrently_creates_one_purchase()
    {
        var fan = await App.FundedUserAsync(0);

        var results = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.StarterId, "same-key"))));

        results.Select(r => r.Id).Distinct().Count().ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(1);
    }

    [Fact]
    public async Task ReceivePaymentWebhook_completes_once_and_reports_duplicates()
    {
        var fan = await App.FundedUserAsync(0);
        var purchase = await App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.FanId));
        var payload = Webhooks.CheckoutCompleted(purchase.Id, 4999);
        var signature = Webhooks.Sign(payload);

        var first = await App.SendAsync(new ReceivePaymentWebhook(payload, signature));
        var second = await App.SendAsync(new ReceivePaymentWebhook(payload, signature));

        first.Outcome.ShouldBe("completed");
        second.Outcome.ShouldBe("duplicate");
        (await App.BalanceAsync(fan.Id)).ShouldBe(550);
    }

    [Fact]
    public async Task ReceivePaymentWebhook_with_a_bad_signature_applies_nothing_and_records_no_event()
    {
        var fan = await App.FundedUserAsync(0);
        var purchase = await App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.StarterId));
        var payload = Webhooks.CheckoutCompleted(purchase.Id, 999, eventId: "evt_bad_sig_" + purchase.Id.ToString("N"));

        await Should.ThrowAsync<UnauthorizedException>(() => App.SendAsync(new ReceivePaymentWebhook(payload, "t=1,v1=00")));

        (await App.CountAsync($"SELECT count(*) FROM webhook_events WHERE event_id = 'evt_bad_sig_{purchase.Id:N}'")).ShouldBe(0);
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task PrepareSandboxCheckout_signs_an_event_the_webhook_accepts()
    {
        var fan = await App.FundedUserAsync(0);
        var purchase = await App.SendAsync(new CreatePurchase(fan.Id, TokenPackage.StarterId));

        var signed = await App.SendAsync(new PrepareSandboxCheckout(fan.Id, purchase.Id));
        var receipt = await App.SendAsync(new ReceivePaymentWebhook(signed.Payload, signed.Signature));

        receipt.Outcome.ShouldBe("completed");
        await Should.ThrowAsync<NotFoundException>(() => App.SendAsync(new PrepareSandboxCheckout(Guid.CreateVersion7(), purchase.Id)));
    }
}
