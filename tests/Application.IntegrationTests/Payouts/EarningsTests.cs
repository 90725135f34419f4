using Digis.Api.Jobs;
using Digis.Application.Common.Interfaces;
using Digis.Application.IntegrationTests.Ledger;
using Digis.Application.Ledger;
using Digis.Application.Payouts.ClearEarnings;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Payouts.RequestCashout;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.RefundSpend;
using Digis.Application.Streams.BuyTicket;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.FindAbandonedShows;
using Digis.Application.Streams.ScheduleStream;
using Digis.Application.Tips.SendTip;
using Digis.Application.Wallets;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Staff;
using Digis.Domain.Streams;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Application.IntegrationTests.Payouts;

/// <summary>
/// SPEC §11 on the clocked API (clearing period 7 days, the default): earnings clear, cash-outs take cleared
/// tokens only, refunds take clearing tokens first, sweeps and draws racing move each token once, and ticket
/// money waits in its show's escrow.
/// </summary>
[Collection(nameof(LedgerCollection))]
public sealed class EarningsTests(ClockedApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly TimeSpan Clearing = TimeSpan.FromDays(7);
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@earnings", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext OtherAdmin = new(Guid.CreateVersion7(), "other-admin@earnings", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext ThirdAdmin = new(Guid.CreateVersion7(), "third-admin@earnings", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext Support = new(Guid.CreateVersion7(), "support@earnings", StaffRole.Support, "127.0.0.1");

    [Fact]
    public async Task A_tip_clears_after_the_clearing_period_and_only_cleared_earnings_are_cashed_out()
    {
        var fan = await App.FundedUserAsync(5_000);
        var creator = await App.FundedUserAsync(3_000, UserRole.Creator); // bought tokens: never cashable
        await App.SendAsync(new SendTip(fan.Id, creator.Id, 1_200, null, null, null));

        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 1_200, 0));
        var early = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new RequestCashout(creator.Id, 1_000)));
        early.BrokenRule.ShouldBeOfType<WalletBalanceCannotGoNegativeRule>().Balance.Value.ShouldBe(0);

        app.Clock.Advance(Clearing - TimeSpan.FromSeconds(5));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 1_200, 0));
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 0, 1_200));

        var over = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new RequestCashout(creator.Id, 1_201)));
        over.BrokenRule.ShouldBeOfType<WalletBalanceCannotGoNegativeRule>().Balance.Value.ShouldBe(1_200);
        (await App.SendAsync(new RequestCashout(creator.Id, 1_000))).UsdCents.ShouldBe(5_000);

        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 0, 200));
        (await App.BalanceAsync(creator.Id)).ShouldBe(3_000);
        // The draw moved what had cleared to cashable in the ledger itself, in the cash-out's transaction.
        (await App.AccountBalanceAsync(EarningsAccounts.Cashable(creator.Id))).ShouldBe(200);
        (await App.CountAsync($"SELECT coalesce(sum(balance), 0) FROM accounts WHERE user_id = '{creator.Id}' AND kind = 'EarningsClearing'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_staff_refund_takes_clearing_earnings_first_then_cashable_ones()
    {
        var fan = await App.FundedUserAsync(5_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var old = await App.SendAsync(new SendTip(fan.Id, creator.Id, 1_000, null, null, null));
        app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
        await App.SendAsync(new SendTip(fan.Id, creator.Id, 300, null, null, null));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 300, 1_000));

        var refund = await App.SendAsync(new RefundSpend(Support, SpendKind.Tip, old.Id, "chargeback of the old tip"));

        refund.CreatorEarnings.ShouldBe(new EarningsFigures(0, 0, 300));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 0, 300));
        (await App.BalanceAsync(fan.Id)).ShouldBe(5_000 - 300);
        // The clearing credit the refund used up never clears later.
        app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 0, 300));
        await App.SendAsync(new ClearEarnings());
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 0, 300));
    }

    [Fact]
    public async Task Concurrent_cash_outs_never_take_more_than_is_cashable()
    {
        var creator = await App.EarningCreatorAsync(5_500);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racing = Enumerable.Range(0, 12).Select(_ => Outcome.Of(gate.Task, () => App.SendAsync(new RequestCashout(creator.Id, 1_000)))).ToList();
        gate.SetResult();
        var outcomes = await Task.WhenAll(racing);

        outcomes.Count(o => o.Error is null).ShouldBe(5);
        outcomes.Where(o => o.Error is not null).ShouldAllBe(o => o.Error is BusinessRuleValidationException);
        (await App.EarningsAsync(creator.Id)).Cashable.ShouldBe(500);
        (await App.CountAsync($"SELECT count(*) FROM cashouts WHERE creator_id = '{creator.Id}'")).ShouldBe(5);
    }

    [Fact]
    public async Task A_cash_out_racing_a_staff_refund_never_takes_earnings_below_zero()
    {
        var fan = await App.FundedUserAsync(100_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        for (var round = 0; round < 10; round++)
        {
            var tip = await App.SendAsync(new SendTip(fan.Id, creator.Id, 1_000, null, null, null));
            await App.SendAsync(new SendTip(fan.Id, creator.Id, 500, null, null, null));
            app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
            var before = await App.EarnedAsync(creator.Id);

            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var cashout = Outcome.Of(gate.Task, () => App.SendAsync(new RequestCashout(creator.Id, 1_000)));
            var refund = Outcome.Of(gate.Task, () => App.SendAsync(new RefundSpend(Support, SpendKind.Tip, tip.Id, "race: refund while cashing out")));
            gate.SetResult();
            var (cashed, refunded) = (await cashout, await refund);

            var taken = (cashed.Error is null ? 1_000 : 0) + (refunded.Error is null ? 1_000 : 0);
            (cashed.Error is null || refunded.Error is null).ShouldBeTrue("one of them fits in the earnings");
            (await App.EarnedAsync(creator.Id)).ShouldBe(before - taken);
            (await App.CountAsync($"SELECT count(*) FROM accounts WHERE user_id = '{creator.Id}' AND balance < 0")).ShouldBe(0);
            await App.AssertLedgerConsistentAsync();
        }
    }

    [Fact]
    public async Task Two_sweeps_on_two_instances_at_once_move_each_cleared_token_once()
    {
        await using var second = await app.SecondHostAsync();
        var fans = new List<TestUser>();
        for (var i = 0; i < 4; i++)
        {
            fans.Add(await App.FundedUserAsync(10_000));
        }

        var creators = new List<(TestUser Creator, long Tipped)>();
        for (var c = 0; c < 6; c++)
        {
            var creator = await App.FundedUserAsync(0, UserRole.Creator);
            long tipped = 0;
            foreach (var fan in fans)
            {
                await App.SendAsync(new SendTip(fan.Id, creator.Id, 10 + c, null, null, null));
                tipped += 10 + c;
            }

            creators.Add((creator, tipped));
        }

        app.Clock.Advance(Clearing + TimeSpan.FromMinutes(1));
        var cashable = creators.ToDictionary(c => c.Creator.Id, c => EarningsAccounts.Cashable(c.Creator.Id));
        await Task.WhenAll(
            Enumerable.Range(0, 3).SelectMany(_ => new[] { App.SendAsync(new ClearEarnings()), second.SendAsync(new ClearEarnings()) }));

        foreach (var (creator, tipped) in creators)
        {
            (await App.AccountBalanceAsync(cashable[creator.Id])).ShouldBe(tipped);
            (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 0, tipped));
            (await App.CountAsync($"SELECT coalesce(sum(amount), 0) FROM transfers WHERE credit_account_id = '{cashable[creator.Id]}' AND kind = 'EarningsCleared'"))
                .ShouldBe(tipped);
        }

        (await App.SendAsync(new ClearEarnings())).Tokens.ShouldBe(0);
    }

    [Fact]
    public async Task Cancelling_a_show_with_a_thousand_tickets_refunds_every_one_from_its_escrow_in_one_transaction()
    {
        const int Tickets = 1_000;
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var show = await App.SendAsync(new ScheduleStream(creator.Id, "a big show", null, null, 7));
        var fans = new List<TestUser>();
        for (var i = 0; i < Tickets; i++)
        {
            var fan = await App.FundedUserAsync(7);
            (await App.SendAsync(new BuyTicket(fan.Id, show.Id))).Created.ShouldBeTrue();
            fans.Add(fan);
        }

        (await App.EarningsAsync(creator.Id)).Escrow.ShouldBe(Tickets * 7);

        await App.SendAsync(new ChangeStreamStatus(creator.Id, show.Id, StreamTransition.Cancel));

        (await App.AccountBalanceAsync(EarningsAccounts.Escrow(show.Id))).ShouldBe(0);
        (await App.CountAsync($"SELECT count(*) FROM tickets WHERE stream_id = '{show.Id}' AND refunded_at IS NULL")).ShouldBe(0);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE debit_account_id = '{EarningsAccounts.Escrow(show.Id)}' AND kind = 'TicketRefund'"))
            .ShouldBe(Tickets);
        // One transaction: every refund transfer was written by the same one (its id is each row's xmin).
        (await App.CountAsync($"SELECT count(DISTINCT xmin::text) FROM transfers WHERE debit_account_id = '{EarningsAccounts.Escrow(show.Id)}'")).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM accounts a JOIN users u ON u.wallet_account_id = a.id WHERE u.id IN ({string.Join(",", fans.Select(f => $"'{f.Id}'"))}) AND a.balance = 7"))
            .ShouldBe(Tickets);
        (await App.BalanceAsync(creator.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_staff_refund_of_a_ticket_comes_from_the_escrow_before_the_show_ends_and_from_earnings_after()
    {
        var fans = new[] { await App.FundedUserAsync(100), await App.FundedUserAsync(100) };
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var show = await App.SendAsync(new ScheduleStream(creator.Id, "refunds", null, null, 40));
        var tickets = new List<Guid>();
        foreach (var fan in fans)
        {
            tickets.Add((await App.SendAsync(new BuyTicket(fan.Id, show.Id))).Ticket.Id);
        }

        await App.SendAsync(new RefundSpend(Support, SpendKind.Ticket, tickets[0], "fan could not join the show"));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(40, 0, 0));

        await App.SendAsync(new ChangeStreamStatus(creator.Id, show.Id, StreamTransition.Start));
        await App.SendAsync(new ChangeStreamStatus(creator.Id, show.Id, StreamTransition.End));
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 40, 0));

        await App.SendAsync(new RefundSpend(Support, SpendKind.Ticket, tickets[1], "show was cut short"));
        (await App.EarningsAsync(creator.Id)).ShouldBe(EarningsFigures.None);
        fans.ShouldAllBe(f => App.BalanceAsync(f.Id).Result == 100);
    }

    [Fact]
    public async Task A_posting_reports_the_escrow_of_the_shows_still_open_which_is_all_the_escrow_a_creator_holds()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var ended = await App.SendAsync(new ScheduleStream(creator.Id, "ended", null, null, 10));
        var cancelled = await App.SendAsync(new ScheduleStream(creator.Id, "cancelled", null, null, 20));
        var scheduled = await App.SendAsync(new ScheduleStream(creator.Id, "scheduled", null, null, 30));
        var live = await App.SendAsync(new ScheduleStream(creator.Id, "live", null, null, 15));
        foreach (var show in new[] { ended, cancelled, scheduled, live })
        {
            (await App.SendAsync(new BuyTicket(fan.Id, show.Id))).Created.ShouldBeTrue();
        }

        await App.SendAsync(new ChangeStreamStatus(creator.Id, ended.Id, StreamTransition.Start));
        await App.SendAsync(new ChangeStreamStatus(creator.Id, ended.Id, StreamTransition.End));
        await App.SendAsync(new ChangeStreamStatus(creator.Id, cancelled.Id, StreamTransition.Cancel));
        await App.SendAsync(new ChangeStreamStatus(creator.Id, live.Id, StreamTransition.Start));

        await using var scope = App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var wallet = (await sp.GetRequiredService<WalletReader>().SpendingWalletAsync(fan.Id, CancellationToken.None)).AccountId;
        var tip = new Posting(wallet, EarningsAccounts.ClearingFor(creator.Id, fan.Id), new Tokens(5), TransferKind.Tip, Guid.CreateVersion7(), null);
        var posted = await sp.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            async ct => await sp.GetRequiredService<ILedger>().PostAsync(tip, ct), CancellationToken.None);

        // Escrow: the scheduled and the live show's tickets; the ended show's went to clearing with the tip.
        posted.EarningsOf(creator.Id).ShouldBe(new EarningsFigures(30 + 15, 10 + 5, 0));
        (await App.EarningsAsync(creator.Id)).ShouldBe(posted.EarningsOf(creator.Id), "what the wallet reads from every account the creator owns");
    }

    [Fact]
    public async Task Housekeeping_cancels_a_ticketed_show_never_started_and_ends_one_left_live()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var noShow = await App.SendAsync(new ScheduleStream(creator.Id, "never happens", null, null, 30));
        var endless = await App.SendAsync(new ScheduleStream(creator.Id, "never ends", null, null, 20));
        await App.SendAsync(new BuyTicket(fan.Id, noShow.Id));
        await App.SendAsync(new BuyTicket(fan.Id, endless.Id));
        await App.SendAsync(new ChangeStreamStatus(creator.Id, endless.Id, StreamTransition.Start));

        app.Clock.Advance(TimeSpan.FromHours(11));
        (await App.SendAsync(new FindAbandonedShows())).Select(s => s.StreamId).ShouldNotContain(endless.Id);
        app.Clock.Advance(TimeSpan.FromHours(62)); // 73 hours after the first ticket of the show that never started

        var found = await App.SendAsync(new FindAbandonedShows());
        found.ShouldContain(new AbandonedShow(noShow.Id, creator.Id, StreamTransition.Cancel));
        found.ShouldContain(new AbandonedShow(endless.Id, creator.Id, StreamTransition.End));
        await App.Services.GetRequiredService<Housekeeping>().RunAsync(CancellationToken.None);

        (await App.CountAsync($"SELECT count(*) FROM streams WHERE id = '{noShow.Id}' AND status = '{StreamStatus.Cancelled}'")).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM streams WHERE id = '{endless.Id}' AND status = '{StreamStatus.Ended}'")).ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(100 - 20);
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 20, 0));
        (await App.SendAsync(new FindAbandonedShows())).Select(s => s.StreamId).ShouldNotContain(noShow.Id);
    }

    [Fact]
    public async Task Only_admins_adjust_earnings_and_decide_cash_outs_and_never_for_a_creator_they_adjusted()
    {
        var creator = await App.EarningCreatorAsync(3_000);

        var refused = await Should.ThrowAsync<BusinessRuleValidationException>(() =>
            App.SendAsync(new AdjustWallet(Support, Guid.CreateVersion7(), creator.Id, Credit: true, 10, "support may not do this", null, Earnings: true)));
        refused.BrokenRule.ShouldBeOfType<EarningsAdjustmentNeedsAdminRule>();
        var credit = await App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), creator.Id, Credit: true, 500, "missed call block payout", null, Earnings: true));
        credit.Earnings.ShouldBe(new EarningsFigures(0, 500, 3_000)); // an earnings credit clears like any other

        var first = await App.SendAsync(new RequestCashout(creator.Id, 1_000));
        var second = await App.SendAsync(new RequestCashout(creator.Id, 1_000));
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(Support, first.Id, Approve: true, null))))
            .BrokenRule.ShouldBeOfType<CashoutDecisionNeedsAdminRule>();
        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(Admin, first.Id, Approve: true, null))))
            .BrokenRule.ShouldBeOfType<CashoutDeciderMustNotHaveAdjustedRule>().Message.ShouldContain("another admin");

        (await App.SendAsync(new DecideCashout(OtherAdmin, first.Id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Pending);
        (await App.SendAsync(new DecideCashout(ThirdAdmin, first.Id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Approved);
        (await App.SendAsync(new DecideCashout(OtherAdmin, second.Id, Approve: false, "bank details wrong"))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Rejected);
        (await App.EarningsAsync(creator.Id)).ShouldBe(new EarningsFigures(0, 500, 2_000));

        // A spending-wallet adjustment counts too, and the bar lifts after 30 days.
        await App.SendAsync(new AdjustWallet(OtherAdmin, Guid.CreateVersion7(), creator.Id, Credit: true, 5, "goodwill after an outage", null));
        var third = await App.SendAsync(new RequestCashout(creator.Id, 1_000));
        await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(OtherAdmin, third.Id, Approve: true, null)));
        app.Clock.Advance(TimeSpan.FromDays(31));
        (await App.SendAsync(new DecideCashout(Admin, third.Id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Pending);
        (await App.SendAsync(new DecideCashout(OtherAdmin, third.Id, Approve: true, null))).Status.ShouldBe(Domain.Payouts.CashoutStatus.Approved);
    }
}
