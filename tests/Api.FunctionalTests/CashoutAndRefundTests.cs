using System.Net;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.GetAuditLog;
using Digis.Application.Staff.RefundSpend;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class CashoutAndRefundTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@test", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext Support = new(Guid.CreateVersion7(), "support@test", StaffRole.Support, "127.0.0.1");
    private static readonly StaffContext SecondAdmin = new(Guid.CreateVersion7(), "admin2@test", StaffRole.Admin, "127.0.0.1");

    [Fact]
    public async Task A_new_creators_cash_out_waits_for_two_admins_then_the_payout_job_pays_it()
    {
        var creator = await App.EarningCreatorAsync(1_500);

        var response = await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_200 });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var cashout = await response.ReadJsonAsync();
        cashout["status"]!.GetValue<string>().ShouldBe("pending");
        cashout["usdCents"]!.GetValue<long>().ShouldBe(6_000);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(300);
        var id = Guid.Parse(cashout["id"]!.GetValue<string>());

        (await App.SendAsync(new DecideCashout(Admin, id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Pending);
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(Admin, id, Approve: true, null))))
            .BrokenRule.ShouldBeOfType<Domain.Payouts.CashoutSecondApproverMustBeSomeoneElseRule>();
        var approved = await App.SendAsync(new DecideCashout(SecondAdmin, id, Approve: true, null));
        approved.Status.ShouldBe(Domain.Payouts.CashoutStatus.Approved);
        approved.ApprovedBy.ShouldBe(SecondAdmin.Name);
        (await App.PayoutsAsync()).Paid.ShouldBe(1);

        var wallet = await (await creator.Client.GetAsync("/api/wallet")).ReadJsonAsync();
        wallet["lifetime"]!["cashedOut"]!.GetValue<long>().ShouldBe(1_200);
        var list = await (await creator.Client.GetAsync("/api/cashouts")).ReadJsonAsync();
        list["items"]![0]!["status"]!.GetValue<string>().ShouldBe("paid");
        list["items"]![0]!["transferId"]!.GetValue<string>().ShouldStartWith("tr_sandbox_");
        list["items"]![0]!["bankStatus"]!.GetValue<string>().ShouldBe("paid"); // the sandbox's payout.paid, through the webhook
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(Admin, id, Approve: false, "late")));
    }

    [Fact]
    public async Task A_rejected_cash_out_returns_the_tokens_to_cashable_earnings()
    {
        var creator = await App.EarningCreatorAsync(1_000);
        var id = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>());

        await App.SendAsync(new DecideCashout(Admin, id, Approve: false, "bank details wrong"));

        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(1_000);
        (await App.BalanceAsync(creator.Id)).ShouldBe(0);
        var statement = await (await creator.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        statement["items"]![0]!["kind"]!.GetValue<string>().ShouldBe("cashout-reversal");
        statement["items"]![0]!["account"]!.GetValue<string>().ShouldBe("earnings-cashable");
    }

    [Fact]
    public async Task Cash_outs_below_the_minimum_by_fans_or_over_the_cashable_earnings_are_refused_whatever_the_wallet_holds()
    {
        var creator = await App.EarningCreatorAsync(1_500);
        await App.CreditAsync(creator.Id, 5_000);
        var fan = await App.FundedUserAsync(5_000);

        await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 999 })).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ShouldBeProblemAsync(403, "forbidden");
        var problem = await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_501 })).ShouldBeProblemAsync(402, "insufficient-funds");
        problem["balance"]!.GetValue<long>().ShouldBe(1_500);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(1_500);
        (await App.BalanceAsync(creator.Id)).ShouldBe(5_000);
    }

    [Fact]
    public async Task A_ticket_refund_returns_it_to_the_fan_once()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var stream = await creator.ScheduleAsync(ticketPrice: 40);
        var ticket = Guid.Parse((await (await fan.Client.PostAsync($"/api/streams/{stream}/tickets", null)).ReadJsonAsync())["id"]!.GetValue<string>());

        var refund = await App.SendAsync(new RefundSpend(Support, SpendKind.Ticket, ticket, "fan could not join the show"));

        refund.Amount.ShouldBe(40);
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.BalanceAsync(creator.Id)).ShouldBe(0);
        (await Should.ThrowAsync<BusinessRuleValidationException>(
            () => App.SendAsync(new RefundSpend(Support, SpendKind.Ticket, ticket, "fan could not join the show"))))
            .BrokenRule.ShouldBeOfType<Domain.Ledger.SpendIsRefundedOnceRule>();
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.CountAsync($"SELECT count(*) FROM staff_actions WHERE action = 'refund.ticket' AND target LIKE '%{ticket}%'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_refund_the_creator_cannot_cover_is_refused_and_changes_nothing()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tip = Guid.Parse((await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 60 })).ReadJsonAsync())["id"]!.GetValue<string>());
        await App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), creator.Id, Credit: false, 30, "clawback of a duplicate tip", null, Earnings: true));

        await Should.ThrowAsync<BusinessRuleValidationException>(
            () => App.SendAsync(new RefundSpend(Admin, SpendKind.Tip, tip, "tip sent to the wrong creator")));

        (await App.BalanceAsync(fan.Id)).ShouldBe(40);
        (await App.EarnedAsync(creator.Id)).ShouldBe(30);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE id = '{tip}' AND refunded_at IS NULL")).ShouldBe(1);
    }

    [Fact]
    public async Task Adjustments_need_a_reason_respect_the_support_limit_and_never_go_below_zero()
    {
        var fan = await App.FundedUserAsync(20);

        (await App.SendAsync(new AdjustWallet(Support, Guid.CreateVersion7(), fan.Id, Credit: true, 50, "goodwill after outage", "INC-42"))).Balance.ShouldBe(70);
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new AdjustWallet(Support, Guid.CreateVersion7(), fan.Id, true, 50, "short", null)));
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new AdjustWallet(Support, Guid.CreateVersion7(), fan.Id, true, 10_001, "large goodwill credit", null)));
        (await App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), fan.Id, true, 10_001, "large goodwill credit", null))).Balance.ShouldBe(10_071);
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), fan.Id, false, 10_072, "chargeback recovery", null)));

        (await App.BalanceAsync(fan.Id)).ShouldBe(10_071);
        var statement = await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        statement["items"]![0]!["kind"]!.GetValue<string>().ShouldBe("adjustment");
        var audit = await App.SendAsync(new GetAuditLog(Application.Common.Paging.PageRequest.From(100, null)));
        audit.Items.ShouldContain(a => a.Reason.Contains("goodwill after outage") && a.Staff == "support@test");
    }

    [Fact]
    public async Task An_adjustment_confirmed_again_or_concurrently_moves_the_tokens_once()
    {
        var fan = await App.FundedUserAsync(0);
        var adjustment = new AdjustWallet(Support, Guid.CreateVersion7(), fan.Id, Credit: true, 50, "goodwill after outage", null);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => App.SendAsync(adjustment)));

        results.ShouldAllBe(r => r.Id == adjustment.AdjustmentId && r.Amount == 50 && r.Balance == 50);
        (await App.BalanceAsync(fan.Id)).ShouldBe(50);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{adjustment.AdjustmentId}'")).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM staff_actions WHERE target LIKE 'user {fan.Id}%'")).ShouldBe(1);
        (await Should.ThrowAsync<Domain.Common.BusinessRuleValidationException>(() => App.SendAsync(adjustment with { AdjustmentId = Guid.Empty })))
            .BrokenRule.ShouldBeOfType<Domain.Staff.AdjustmentNeedsItsReviewIdRule>();
    }
}
