using System.Net;
using Digis.Application.Payouts.DecideCashout;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Digis.Api.FunctionalTests;

/// <summary>The API with a clock and <c>Payments:Provider=stripe</c>, pointed at <see cref="FakeStripe"/> for Connect (SPEC §16).</summary>
public sealed class ConnectApiFactory : ClockedApiFactory
{
    public FakeStripe Stripe { get; private set; } = null!;

    protected override string DatabaseName => base.DatabaseName + "_connect";

    /// <summary>What another API instance needs to reach the same fake Stripe.</summary>
    public IReadOnlyDictionary<string, string> StripeSettings => new Dictionary<string, string>
    {
        ["Payments:Provider"] = "stripe",
        ["Payments:Stripe:SecretKey"] = StripeApiFactory.SecretKey,
        ["Payments:Stripe:ApiBase"] = Stripe.BaseAddress.ToString(),
        ["Payments:Stripe:ConnectReturnUrl"] = "https://digis.test/app/#/studio",
        ["Payments:Stripe:ConnectRefreshUrl"] = "https://digis.test/app/#/studio?refresh",
    };

    public override async Task InitializeAsync()
    {
        Stripe = await FakeStripe.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (key, value) in StripeSettings)
        {
            builder.UseSetting(key, value);
        }
    }
}

/// <summary>
/// SPEC §16 on PostgreSQL and a fake of Stripe's API: onboarding from Connect events in any order, the automatic approval
/// and the four-eyes path, the payout job (Stripe Transfers with the cash-out as idempotency key, backoff on errors, two
/// instances at once), and the bank's outcome: a failed payout or a reversed transfer returns the tokens once.
/// </summary>
[CollectionDefinition(nameof(ConnectCollection))]
public sealed class ConnectCollection : ICollectionFixture<ConnectApiFactory>;

[Collection(nameof(ConnectCollection))]
public sealed class PayoutTests(ConnectApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@payouts", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext SecondAdmin = new(Guid.CreateVersion7(), "admin2@payouts", StaffRole.Admin, "127.0.0.1");

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task A_creator_onboards_with_events_in_any_order_cashes_out_under_the_limit_and_is_paid_with_no_staff_action()
    {
        var creator = App.NewUser(UserRole.Creator);
        await App.ProvisionAsync(creator);

        var connect = await creator.Client.PostAsync("/api/creators/me/payout-account", null);
        connect.StatusCode.ShouldBe(HttpStatusCode.OK);
        var link = await connect.ReadJsonAsync();
        link["status"]!.GetValue<string>().ShouldBe("onboarding");
        var created = app.Stripe.ConnectRequests.Single(r => r.Path == "/v1/accounts" && r.Form["metadata[creatorId]"] == creator.Id.ToString());
        var accountId = created.AnsweredId;
        created.Form["type"].ShouldBe("express");
        created.Form["capabilities[transfers][requested]"].ShouldBe("true");
        created.IdempotencyKey.ShouldBe($"account-{creator.Id}");
        created.Authorization.ShouldBe($"Bearer {StripeApiFactory.SecretKey}");
        link["onboardingUrl"]!.GetValue<string>().ShouldBe($"https://connect.stripe.test/setup/e/{accountId}");
        var linkRequest = app.Stripe.ConnectRequests.Last(r => r.Path == "/v1/account_links" && r.Form["account"] == accountId);
        linkRequest.Form["type"].ShouldBe("account_onboarding");
        linkRequest.Form["return_url"].ShouldBe("https://digis.test/app/#/studio");
        linkRequest.Form["refresh_url"].ShouldBe("https://digis.test/app/#/studio?refresh");

        // Asked again: the same account, a fresh link.
        (await (await creator.Client.PostAsync("/api/creators/me/payout-account", null)).ReadJsonAsync())["onboardingUrl"]!.GetValue<string>()
            .ShouldEndWith(accountId);
        app.Stripe.ConnectRequests.Count(r => r.Path == "/v1/accounts" && r.Form["metadata[creatorId]"] == creator.Id.ToString()).ShouldBe(1);
        app.Stripe.ConnectRequests.Count(r => r.Path == "/v1/account_links" && r.Form["account"] == accountId).ShouldBe(2);

        await App.EarnClearedAsync(creator.Id, 5_000);
        await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 2_000 })).ShouldBeProblemAsync(409, "payout-account-required");

        // Stripe's events out of order: the later state (enabled) first, then an older one (requirements due), then a repeat.
        var enabled = ConnectEvents.AccountUpdated(accountId, payoutsEnabled: true, Now.AddSeconds(-10));
        (await ConnectEvents.DeliverAsync(creator.Client, enabled, Now)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var older = await ConnectEvents.DeliverAsync(
            creator.Client, ConnectEvents.AccountUpdated(accountId, payoutsEnabled: false, Now.AddSeconds(-60), due: ["external_account"]), Now);
        (await older.ReadJsonAsync())["outcome"]!.GetValue<string>().ShouldBe("stale");
        (await (await ConnectEvents.DeliverAsync(creator.Client, enabled, Now)).ReadJsonAsync())["outcome"]!.GetValue<string>().ShouldBe("duplicate");
        var account = await (await creator.Client.GetAsync("/api/creators/me/payout-account")).ReadJsonAsync();
        account["accountId"]!.GetValue<string>().ShouldBe(accountId);
        account["status"]!.GetValue<string>().ShouldBe("enabled");
        account["payoutsEnabled"]!.GetValue<bool>().ShouldBeTrue();
        account["requirements"]!.AsArray().Count.ShouldBe(0);
        account["country"]!.GetValue<string>().ShouldBe("US");
        account["currency"]!.GetValue<string>().ShouldBe("usd");

        // A creator of more than 14 days: within the policy, approved at once.
        app.Clock.Advance(TimeSpan.FromDays(15));
        var response = await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 2_000 }, idempotencyKey: "cash-1");
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var cashout = await response.ReadJsonAsync();
        cashout["status"]!.GetValue<string>().ShouldBe("approved");
        cashout["approvedBy"]!.GetValue<string>().ShouldBe("auto");
        var id = Guid.Parse(cashout["id"]!.GetValue<string>());

        (await App.PayoutsAsync()).Paid.ShouldBeGreaterThanOrEqualTo(1);

        var transfer = app.Stripe.ConnectRequests.Single(r => r.Path == "/v1/transfers" && r.Form["transfer_group"] == id.ToString());
        transfer.Form["amount"].ShouldBe("10000");
        transfer.Form["currency"].ShouldBe("usd");
        transfer.Form["destination"].ShouldBe(accountId);
        transfer.Form["metadata[cashoutId]"].ShouldBe(id.ToString());
        transfer.IdempotencyKey.ShouldBe(id.ToString());
        var paid = (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!;
        paid["status"]!.GetValue<string>().ShouldBe("paid");
        paid["transferId"]!.GetValue<string>().ShouldBe(transfer.AnsweredId);
        paid["bankStatus"]!.GetValue<string>().ShouldBe("pending");

        // Stripe's own account of it comes later: the transfer (already recorded), then the bank's payout.
        await ConnectEvents.DeliverAsync(creator.Client, ConnectEvents.Transfer("transfer.created", transfer.AnsweredId, id, 10_000, Now), Now);
        await ConnectEvents.DeliverAsync(creator.Client, ConnectEvents.Payout(accountId, "po_1" + id.ToString("N")[..8], paid: true, Now.AddSeconds(5)), Now);
        paid = (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!;
        paid["bankStatus"]!.GetValue<string>().ShouldBe("paid");
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}' AND kind = 'CashoutSettlement'")).ShouldBe(1);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(3_000);
    }

    [Fact]
    public async Task Over_the_limit_a_cash_out_waits_for_two_admins_then_is_paid()
    {
        var creator = await App.EarningCreatorAsync(30_000);
        app.Clock.Advance(TimeSpan.FromDays(15));

        var cashout = await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 25_000 })).ReadJsonAsync();
        cashout["status"]!.GetValue<string>().ShouldBe("pending");
        var id = Guid.Parse(cashout["id"]!.GetValue<string>());
        await App.PayoutsAsync();
        app.Stripe.ConnectRequests.ShouldNotContain(r => r.Path == "/v1/transfers" && r.Form["transfer_group"] == id.ToString());

        (await App.SendAsync(new DecideCashout(Admin, id, Approve: true, "first look"))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Pending);
        await App.PayoutsAsync();
        app.Stripe.ConnectRequests.ShouldNotContain(r => r.Path == "/v1/transfers" && r.Form["transfer_group"] == id.ToString());
        (await App.SendAsync(new DecideCashout(SecondAdmin, id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Approved);
        await App.PayoutsAsync();

        var paid = (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!;
        paid["status"]!.GetValue<string>().ShouldBe("paid");
        paid["approvedBy"]!.GetValue<string>().ShouldBe(SecondAdmin.Name);
        app.Stripe.Transfers.Single(r => r.Form["transfer_group"] == id.ToString()).Form["amount"].ShouldBe("125000");
    }

    [Fact]
    public async Task The_payout_job_run_by_two_instances_at_once_creates_one_transfer_per_cash_out()
    {
        await using var second = await app.SecondHostAsync(settings: app.StripeSettings);
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var creator = await App.EarningCreatorAsync(3_000);
            ids.Add(Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>()));
        }

        app.Clock.Advance(TimeSpan.FromDays(15));
        foreach (var id in ids)
        {
            await App.SendAsync(new DecideCashout(Admin, id, Approve: true, null));
            await App.SendAsync(new DecideCashout(SecondAdmin, id, Approve: true, null));
        }

        app.Stripe.TransferDelay = TimeSpan.FromMilliseconds(150);
        try
        {
            using var gate = new Barrier(4);
            await Task.WhenAll(
                Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
                {
                    gate.SignalAndWait();
                    return await (i % 2 == 0 ? App : second).PayoutsAsync();
                })));
        }
        finally
        {
            app.Stripe.TransferDelay = TimeSpan.Zero;
        }

        foreach (var id in ids)
        {
            app.Stripe.ConnectRequests.Count(r => r.Path == "/v1/transfers" && r.Form["transfer_group"] == id.ToString()).ShouldBe(1);
            (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}' AND kind = 'CashoutSettlement'")).ShouldBe(1);
            (await App.CountAsync($"SELECT count(*) FROM cashouts WHERE id = '{id}' AND status = 'Paid'")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_stripe_500_leaves_the_cash_out_approved_backs_off_and_the_retry_pays_once()
    {
        var creator = await App.EarningCreatorAsync(3_000);
        app.Clock.Advance(TimeSpan.FromDays(15));
        var id = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>());

        app.Stripe.FailNext("/v1/transfers", 1);
        (await App.PayoutsAsync()).Retrying.ShouldBeGreaterThanOrEqualTo(1);
        var waiting = (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!;
        waiting["status"]!.GetValue<string>().ShouldBe("approved");
        (await App.CountAsync($"SELECT attempts FROM cashouts WHERE id = '{id}'")).ShouldBe(1);

        // Not before its backoff: nothing is sent to Stripe.
        await App.PayoutsAsync();
        app.Stripe.ConnectRequests.Count(r => r.Path == "/v1/transfers" && r.Form["transfer_group"] == id.ToString()).ShouldBe(0);

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        await App.PayoutsAsync();
        await App.PayoutsAsync();

        app.Stripe.ConnectRequests.Count(r => r.Path == "/v1/transfers" && r.Form["transfer_group"] == id.ToString()).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}' AND kind = 'CashoutSettlement'")).ShouldBe(1);
        (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!["status"]!.GetValue<string>().ShouldBe("paid");
    }

    [Fact]
    public async Task A_payout_failed_delivered_three_times_at_once_returns_the_tokens_once_and_the_transfer_is_reversed()
    {
        var (creator, id, transferId) = await PaidCashoutAsync(3_000, 2_000);
        var accountId = DigisApiFactory.PayoutAccountId(creator.Id);
        var failed = ConnectEvents.Payout(accountId, "po_f" + id.ToString("N")[..8], paid: false, Now.AddSeconds(5));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ConnectEvents.DeliverAsync(App.CreateClient(), failed, Now)));
        outcomes.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        // Another event of the same failed payout (Stripe may send a new id): still once.
        await ConnectEvents.DeliverAsync(App.CreateClient(), ConnectEvents.Payout(accountId, "po_f" + id.ToString("N")[..8], paid: false, Now.AddSeconds(6)), Now);

        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(3_000);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}' AND kind = 'CashoutReversal'")).ShouldBe(1);
        var cashout = (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!;
        cashout["status"]!.GetValue<string>().ShouldBe("failed");
        cashout["bankStatus"]!.GetValue<string>().ShouldBe("failed");
        cashout["failureReason"]!.GetValue<string>().ShouldBe("bank payout failed: The bank account has been closed.");
        var wallet = await (await creator.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        wallet["lifetime"]!["cashedOut"]!.GetValue<long>().ShouldBe(0);

        // The money Stripe holds for the creator comes back: the job reverses the transfer once; Stripe's event of it changes nothing more.
        await App.PayoutsAsync();
        await App.PayoutsAsync();
        var reversal = app.Stripe.ConnectRequests.Single(r => r.Path == $"/v1/transfers/{transferId}/reversals");
        reversal.IdempotencyKey.ShouldBe($"reversal-{id}");
        await ConnectEvents.DeliverAsync(App.CreateClient(), ConnectEvents.Transfer("transfer.reversed", transferId, id, 10_000, Now), Now);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(3_000);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}' AND kind = 'CashoutReversal'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_transfer_reversed_after_the_bank_paid_fails_the_cash_out_and_returns_the_tokens_once()
    {
        var (creator, id, transferId) = await PaidCashoutAsync(4_000, 1_500);
        await ConnectEvents.DeliverAsync(
            App.CreateClient(), ConnectEvents.Payout(DigisApiFactory.PayoutAccountId(creator.Id), "po_p" + id.ToString("N")[..8], paid: true, Now.AddSeconds(5)), Now);
        var reversed = ConnectEvents.Transfer("transfer.reversed", transferId, id, 7_500, Now);

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ConnectEvents.DeliverAsync(App.CreateClient(), reversed, Now)));
        await ConnectEvents.DeliverAsync(App.CreateClient(), ConnectEvents.Transfer("transfer.reversed", transferId, id, 7_500, Now), Now);

        var cashout = (await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync())["items"]![0]!;
        cashout["status"]!.GetValue<string>().ShouldBe("failed");
        cashout["failureReason"]!.GetValue<string>().ShouldBe("transfer reversed");
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(4_000);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{id}' AND kind = 'CashoutReversal'")).ShouldBe(1);
        // Reversed by Stripe already: nothing for the job to reverse.
        await App.PayoutsAsync();
        app.Stripe.ConnectRequests.ShouldNotContain(r => r.Path == $"/v1/transfers/{transferId}/reversals");
    }

    [Fact]
    public async Task An_admin_retries_a_refused_transfer_now_or_cancels_it_and_the_tokens_come_back_once()
    {
        var creator = await App.EarningCreatorAsync(5_000);
        app.Clock.Advance(TimeSpan.FromDays(15));
        var retried = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>());
        var cancelled = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 2_000 })).ReadJsonAsync())["id"]!.GetValue<string>());
        app.Stripe.FailNext("/v1/transfers", 2);
        await App.PayoutsAsync();
        var sending = await App.SendAsync(new Digis.Application.Payouts.ListPayouts.ListPayouts(
            Digis.Application.Payouts.ListPayouts.PayoutFilter.Sending, Digis.Application.Common.Paging.PageRequest.From(100, null)));
        var waiting = sending.Items.Single(p => p.Cashout.Id == retried);
        waiting.Attempts.ShouldBe(1);
        waiting.LastError.ShouldNotBeNull().ShouldContain("500");
        waiting.AccountStatus.ShouldBe(Domain.Payouts.PayoutAccountStatus.Enabled);

        var support = new StaffContext(Guid.CreateVersion7(), "support@payouts", StaffRole.Support, "127.0.0.1");
        await Should.ThrowAsync<Domain.Common.BusinessRuleValidationException>(() => App.SendAsync(new Digis.Application.Payouts.ManagePayout.ManagePayout(
            support, retried, Digis.Application.Payouts.ManagePayout.PayoutAction.Retry, null)));
        await App.SendAsync(new Digis.Application.Payouts.ManagePayout.ManagePayout(Admin, retried, Digis.Application.Payouts.ManagePayout.PayoutAction.Retry, null));
        var cancel = () => App.SendAsync(new Digis.Application.Payouts.ManagePayout.ManagePayout(
            Admin, cancelled, Digis.Application.Payouts.ManagePayout.PayoutAction.Cancel, "creator closed the bank account"));
        (await cancel()).Status.ShouldBe(Domain.Payouts.CashoutStatus.Failed);
        await Should.ThrowAsync<Domain.Common.BusinessRuleValidationException>(cancel);
        await App.PayoutsAsync(); // the retried one goes now, without waiting for its backoff

        app.Stripe.Transfers.Count(t => t.Form["transfer_group"] == retried.ToString()).ShouldBe(1);
        app.Stripe.Transfers.ShouldNotContain(t => t.Form["transfer_group"] == cancelled.ToString());
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(4_000);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{cancelled}' AND kind = 'CashoutReversal'")).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM staff_actions WHERE target = 'cashout {cancelled}' AND action = 'cashout.cancel'")).ShouldBe(1);
    }

    [Fact]
    public async Task Each_failed_payout_moves_the_payout_failures_counter_once_after_its_commit()
    {
        const string Failures = "digis_payout_failures_total";
        var metrics = App.CreateClient();
        var start = await MetricsScrape.OfAsync(metrics);
        async Task<double> MovedAsync() => (await MetricsScrape.OfAsync(metrics)).Since(start, Failures);

        // A transfer Stripe refuses: one failure; the retry that pays adds none.
        var creator = await App.EarningCreatorAsync(10_000);
        app.Clock.Advance(TimeSpan.FromDays(15));
        await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 });
        app.Stripe.FailNext("/v1/transfers", 1);
        (await App.PayoutsAsync()).Retrying.ShouldBe(1);
        (await MovedAsync()).ShouldBe(1);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        (await App.PayoutsAsync()).Paid.ShouldBeGreaterThanOrEqualTo(1);
        (await MovedAsync()).ShouldBe(1);

        // A bank payout that fails, delivered three times at once: its tokens come back once, and it counts once.
        var (failed, failedId, _) = await PaidCashoutAsync(3_000, 2_000);
        var bank = ConnectEvents.Payout(DigisApiFactory.PayoutAccountId(failed.Id), "po_m" + failedId.ToString("N")[..8], paid: false, Now.AddSeconds(5));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ConnectEvents.DeliverAsync(App.CreateClient(), bank, Now)));
        (await MovedAsync()).ShouldBe(2);

        // A transfer reversed at Stripe: one more; the job's own reversal of the failed payout's transfer adds none.
        var (reversed, reversedId, transferId) = await PaidCashoutAsync(2_000, 1_000);
        await ConnectEvents.DeliverAsync(App.CreateClient(), ConnectEvents.Transfer("transfer.reversed", transferId, reversedId, 5_000, Now), Now);
        await App.PayoutsAsync();
        (await MovedAsync()).ShouldBe(3);
        (await App.EarningsAsync(reversed.Id)).Cashable.ShouldBe(2_000);

        // A payout staff cancel: one more; a cancel refused (it failed already) counts nothing.
        var waiting = await App.EarningCreatorAsync(2_000);
        app.Clock.Advance(TimeSpan.FromDays(15));
        var id = Guid.Parse((await (await waiting.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>());
        var cancel = () => App.SendAsync(new Digis.Application.Payouts.ManagePayout.ManagePayout(
            Admin, id, Digis.Application.Payouts.ManagePayout.PayoutAction.Cancel, "creator asked to stop it"));
        await cancel();
        await Should.ThrowAsync<Domain.Common.BusinessRuleValidationException>(cancel);
        (await MovedAsync()).ShouldBe(4);
    }

    [Fact]
    public async Task Connect_events_need_the_connect_secret()
    {
        var payload = ConnectEvents.AccountUpdated("acct_x", true, Now);

        await (await ConnectEvents.DeliverAsync(App.CreateClient(), payload, Now, secret: DigisApiFactory.WebhookSecret)).ShouldBeProblemAsync(401, "unauthorized");
        await (await ConnectEvents.DeliverAsync(App.CreateClient(), payload, Now.AddMinutes(-10))).ShouldBeProblemAsync(401, "unauthorized");
        await (await ConnectEvents.DeliverAsync(App.CreateClient(), "{not json", Now)).ShouldBeProblemAsync(400, "validation");
        // A signed event of an account Digis does not know (yet): refused, so Stripe delivers it again.
        await (await ConnectEvents.DeliverAsync(App.CreateClient(), payload, Now)).ShouldBeProblemAsync(409, "conflict");
    }

    /// <summary>A creator of more than 14 days with <paramref name="cashable"/> tokens, a cash-out of <paramref name="tokens"/> paid by the job.</summary>
    private async Task<(TestUser Creator, Guid CashoutId, string TransferId)> PaidCashoutAsync(long cashable, long tokens)
    {
        var creator = await App.EarningCreatorAsync(cashable);
        app.Clock.Advance(TimeSpan.FromDays(15));
        var id = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens })).ReadJsonAsync())["id"]!.GetValue<string>());
        await App.PayoutsAsync();
        var transferId = app.Stripe.Transfers.Single(r => r.Form["transfer_group"] == id.ToString()).AnsweredId;
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(cashable - tokens);
        return (creator, id, transferId);
    }
}

/// <summary>SPEC §16: the weekly schedule, the tax summary, and who may not cash out.</summary>
[Collection(nameof(ConnectCollection))]
public sealed class PayoutScheduleAndTaxTests(ConnectApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@tax", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext SecondAdmin = new(Guid.CreateVersion7(), "admin2@tax", StaffRole.Admin, "127.0.0.1");

    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task The_tax_summary_sums_the_utc_year_from_the_ledger_by_kind_of_spend()
    {
        var creator = await App.EarningCreatorAsync(0);
        var fan = await App.FundedUserAsync(1_000);
        await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 300 });
        var refunded = await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 200 })).ReadJsonAsync();
        await App.SendAsync(new Digis.Application.Staff.RefundSpend.RefundSpend(
            Admin, Digis.Application.Staff.RefundSpend.SpendKind.Tip, Guid.Parse(refunded["id"]!.GetValue<string>()), "fan complained"));
        await App.EarnClearedAsync(creator.Id, 3_000);
        var paid = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>());
        var failed = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_200 })).ReadJsonAsync())["id"]!.GetValue<string>());
        foreach (var id in new[] { paid, failed })
        {
            await App.SendAsync(new DecideCashout(Admin, id, Approve: true, null)); // a new creator's: two admins
            await App.SendAsync(new DecideCashout(SecondAdmin, id, Approve: true, null));
        }

        await App.PayoutsAsync();
        var transfer = app.Stripe.Transfers.Single(t => t.Form["transfer_group"] == failed.ToString()).AnsweredId;
        await ConnectEvents.DeliverAsync(App.CreateClient(), ConnectEvents.Transfer("transfer.reversed", transfer, failed, 6_000, Now), Now);

        var summary = await (await creator.Client.GetAsync($"/api/creators/me/tax-summary?year={Now.Year}")).ReadJsonAsync();

        summary["year"]!.GetValue<int>().ShouldBe(Now.Year);
        var earned = summary["earnedTokens"]!.AsObject();
        earned.Select(e => e.Key).ShouldBe(Domain.Ledger.TransferKinds.Spends.Select(Digis.Application.Payouts.GetTaxSummary.SpendNames.Of), ignoreOrder: true);
        earned["tips"]!.GetValue<long>().ShouldBe(500);
        earned["tickets"]!.GetValue<long>().ShouldBe(0);
        earned["calls"]!.GetValue<long>().ShouldBe(0);
        summary["refundedTokens"]!.GetValue<long>().ShouldBe(200);

        summary["cashedOutTokens"]!.GetValue<long>().ShouldBe(1_000); // the failed one came back
        summary["paidCents"]!.GetValue<long>().ShouldBe(5_000);
        summary["failedCents"]!.GetValue<long>().ShouldBe(6_000);
        var lastYear = await (await creator.Client.GetAsync($"/api/creators/me/tax-summary?year={Now.Year - 1}")).ReadJsonAsync();
        lastYear["paidCents"]!.GetValue<long>().ShouldBe(0);
        await (await creator.Client.GetAsync("/api/creators/me/tax-summary?year=12")).ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.GetAsync("/api/creators/me/tax-summary?year=abc")).ShouldBeProblemAsync(400, "validation");
    }

    [Fact]
    public async Task A_weekly_schedule_cashes_out_everything_cashable_once_on_its_day_when_it_reaches_the_minimum()
    {
        var creator = await App.EarningCreatorAsync(2_500);
        var day = Now.AddDays(1).DayOfWeek;
        var set = await creator.Client.PutJsonAsync("/api/creators/me/payout-schedule", new { weekday = day.ToString().ToLowerInvariant(), minimumTokens = 2_000 });
        set.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await set.ReadJsonAsync())["weekday"]!.GetValue<string>().ShouldBe(day.ToString().ToLowerInvariant());
        await (await creator.Client.PutJsonAsync("/api/creators/me/payout-schedule", new { weekday = "someday", minimumTokens = 2_000 }))
            .ShouldBeProblemAsync(400, "validation");
        await (await creator.Client.PutJsonAsync("/api/creators/me/payout-schedule", new { weekday = "monday", minimumTokens = 10 }))
            .ShouldBeProblemAsync(400, "validation");

        await App.PayoutsAsync(); // not its day
        (await App.CountAsync($"SELECT count(*) FROM cashouts WHERE creator_id = '{creator.Id}'")).ShouldBe(0);

        app.Clock.Advance(TimeSpan.FromDays(1));
        await using var second = await app.SecondHostAsync(settings: app.StripeSettings);
        await Task.WhenAll(App.PayoutsAsync(), second.PayoutsAsync(), App.PayoutsAsync());

        (await App.CountAsync($"SELECT count(*) FROM cashouts WHERE creator_id = '{creator.Id}' AND tokens = 2500")).ShouldBe(1);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(0);
        (await (await creator.Client.GetAsync("/api/creators/me/payout-schedule")).ReadJsonAsync())["lastRunOn"].ShouldNotBeNull();

        // Removed: nothing more.
        (await creator.Client.PutAsync("/api/creators/me/payout-schedule", new StringContent("null", System.Text.Encoding.UTF8, "application/json")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await creator.Client.GetAsync("/api/creators/me/payout-schedule")).Content.ReadAsStringAsync()).ShouldBe("null");
    }

    [Fact]
    public async Task A_creator_in_debt_cashes_out_nothing()
    {
        var creator = await App.EarningCreatorAsync(2_000);
        var other = await App.EarningCreatorAsync(0);
        var purchase = await (await creator.Client.PostJsonAsync("/api/purchases", new { packageId = Domain.Purchases.TokenPackage.StarterId })).ReadJsonAsync();
        var purchaseId = Guid.Parse(purchase["id"]!.GetValue<string>());
        var completed = Webhooks.CheckoutCompleted(purchaseId, 999);
        (await Webhooks.DeliverAsync(App.CreateClient(), completed, Webhooks.Sign(completed, Now))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await creator.Client.PostJsonAsync("/api/tips", new { creatorId = other.Id, amount = 100 });
        var refund = Webhooks.ChargeRefunded(purchaseId);
        (await Webhooks.DeliverAsync(App.CreateClient(), refund, Webhooks.Sign(refund, Now))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var problem = await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ShouldBeProblemAsync(402, "insufficient-funds");
        problem["debt"]!.GetValue<long>().ShouldBe(100);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(2_000);
    }
}

/// <summary>SPEC §16 "Trusted money clears faster": 48 hours for fans whose purchases are old and were never disputed or refunded, 7 days otherwise.</summary>
[Collection(nameof(ConnectCollection))]
public sealed class TrustedClearingTests(ConnectApiFactory app) : LedgerCheckedTest(app)
{
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    /// <summary>A fan who bought <paramref name="packages"/> starter packages now, through Stripe's checkout and its webhook.</summary>
    private async Task<(TestUser Fan, List<string> Payments)> BuyerAsync(int packages)
    {
        var fan = App.NewUser();
        var payments = new List<string>();
        for (var i = 0; i < packages; i++)
        {
            var purchase = await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId = Domain.Purchases.TokenPackage.StarterId })).ReadJsonAsync();
            var id = Guid.Parse(purchase["id"]!.GetValue<string>());
            var intent = "pi_" + id.ToString("N");
            var completed = Webhooks.CheckoutCompleted(id, 999, paymentIntent: intent);
            (await Webhooks.DeliverAsync(App.CreateClient(), completed, Webhooks.Sign(completed, Now))).StatusCode.ShouldBe(HttpStatusCode.OK);
            payments.Add(intent);
        }

        return (fan, payments);
    }

    [Fact]
    public async Task Tips_of_a_fan_whose_purchases_are_old_and_clean_clear_in_48_hours_others_in_7_days()
    {
        var creator = await App.EarningCreatorAsync(0);
        var (trusted, _) = await BuyerAsync(1);
        app.Clock.Advance(TimeSpan.FromDays(31));
        var (recent, _) = await BuyerAsync(1);

        (await trusted.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 60 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await recent.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 40 })).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromHours(47));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new Application.Ledger.EarningsFigures(0, 100, 0));
        app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new Application.Ledger.EarningsFigures(0, 40, 60));
        var wallet = await (await creator.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        wallet["cashableCents"]!.GetValue<long>().ShouldBe(300);

        app.Clock.Advance(TimeSpan.FromDays(5));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new Application.Ledger.EarningsFigures(0, 0, 100));
    }

    [Fact]
    public async Task A_fans_dispute_makes_their_later_tips_clear_in_7_days_again()
    {
        var creator = await App.EarningCreatorAsync(0);
        var (fan, payments) = await BuyerAsync(3);
        app.Clock.Advance(TimeSpan.FromDays(31));
        await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 100 });
        app.Clock.Advance(TimeSpan.FromHours(49));
        (await App.SendAsync(new Application.Payouts.ClearEarnings.ClearEarnings())).Tokens.ShouldBeGreaterThanOrEqualTo(100);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(100);

        var dispute = Webhooks.DisputeCreated(payments[0]);
        (await Webhooks.DeliverAsync(App.CreateClient(), dispute, Webhooks.Sign(dispute, Now))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 50 })).StatusCode.ShouldBe(HttpStatusCode.Created);

        app.Clock.Advance(TimeSpan.FromHours(49));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new Application.Ledger.EarningsFigures(0, 50, 100));
        app.Clock.Advance(TimeSpan.FromDays(5));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new Application.Ledger.EarningsFigures(0, 0, 150));
    }
}
