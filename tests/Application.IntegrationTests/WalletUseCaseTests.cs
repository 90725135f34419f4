using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Application.Ledger;
using Digis.Application.Me.GetMe;
using Digis.Application.Wallets.GetTransactions;
using Digis.Application.Wallets.GetWallet;
using Digis.Application.Wallets.GetWalletStats;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Application.IntegrationTests;

[Collection(nameof(AppCollection))]
public sealed class WalletUseCaseTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task GetMe_and_GetWallet_show_balance_lifetime_and_earnings_for_creators_where_bought_tokens_are_never_cashable()
    {
        var creator = await App.FundedUserAsync(300, UserRole.Creator, "Cleo");
        var fan = await App.FundedUserAsync(300);

        var me = await App.SendAsync(new GetMe(creator.Id));
        var fanWallet = await App.SendAsync(new GetWallet(fan.Id));

        me.DisplayName.ShouldBe("Cleo");
        me.Role.ShouldBe(UserRole.Creator);
        me.Wallet.Balance.ShouldBe(300);
        me.Wallet.Earnings.ShouldBe(EarningsFigures.None);
        me.Wallet.CashableCents.ShouldBe(0);
        me.Wallet.Lifetime.Purchased.ShouldBe(300);
        fanWallet.Earnings.ShouldBeNull();
        fanWallet.CashableCents.ShouldBe(0);
    }

    [Fact]
    public async Task GetWallet_of_an_unknown_user_is_not_found()
    {
        await Should.ThrowAsync<NotFoundException>(() => App.SendAsync(new GetWallet(Guid.CreateVersion7())));
    }

    [Fact]
    public async Task GetTransactions_pages_newest_first_with_a_cursor_until_the_end()
    {
        var fan = await App.FundedUserAsync(0);
        for (var i = 1; i <= 5; i++)
        {
            await App.CreditAsync(fan.Id, i);
        }

        var first = await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(2, null)));
        var second = await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(2, first.NextCursor)));
        var third = await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(2, second.NextCursor)));

        first.Items.Select(t => t.Amount).ShouldBe([5L, 4L]);
        second.Items.Select(t => t.Amount).ShouldBe([3L, 2L]);
        third.Items.Select(t => t.Amount).ShouldBe([1L]);
        third.NextCursor.ShouldBeNull();
        first.Items[0].BalanceAfter.ShouldBe(15);
        third.Items[0].BalanceAfter.ShouldBe(1);
    }

    [Fact]
    public async Task GetWalletStats_sums_by_kind_over_the_period()
    {
        var fan = await App.FundedUserAsync(100);
        await App.AdjustAsync(fan.Id, -30, TransferKind.Tip);
        await App.AdjustAsync(fan.Id, -20, TransferKind.Tip);
        await App.AdjustAsync(fan.Id, 5, TransferKind.TicketRefund);

        var stats = await App.SendAsync(new GetWalletStats(fan.Id, "24h"));

        stats.Period.ShouldBe("24h");
        stats.Spent.ShouldBe(50);
        stats.Earned.ShouldBe(0);
        stats.ByKind.ShouldContain(k => k.Kind == "tip" && k.Count == 2 && k.Total == -50);
        stats.ByKind.ShouldContain(k => k.Kind == "purchase" && k.Count == 1 && k.Total == 100);
        stats.ByKind.ShouldContain(k => k.Kind == "refund" && k.Count == 1 && k.Total == 5);
    }

    [Fact]
    public async Task GetWalletStats_refuses_an_unknown_period()
    {
        var fan = await App.FundedUserAsync(0);

        var error = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new GetWalletStats(fan.Id, "1y")));

        (error.BrokenRule.Kind, error.BrokenRule.Field).ShouldBe((RuleKind.Validation, "period"));
    }

    [Fact]
    public async Task Concurrent_debits_of_one_wallet_never_overdraw()
    {
        var fan = await App.FundedUserAsync(100);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                await App.AdjustAsync(fan.Id, -10, TransferKind.Tip);
                return true;
            }
            catch (Domain.Common.BusinessRuleValidationException)
            {
                return false;
            }
        }));

        results.Count(ok => ok).ShouldBe(10);
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task Reconciliation_reports_a_balance_that_does_not_match_its_entries()
    {
        var fan = await App.FundedUserAsync(10);
        await App.CountAsOwnerAsync($"UPDATE accounts SET balance = balance + 1 WHERE user_id = '{fan.Id}' RETURNING 1");
        try
        {
            await using var scope = App.Services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<ILedgerReconciliation>().CheckAsync(CancellationToken.None);

            report.Ok.ShouldBeFalse();
            report.SumOfBalances.ShouldBe(1);
            report.AccountsNotMatchingEntries.ShouldBe(1);
            report.AccountsNotMatchingLastEntry.ShouldBe(1);
        }
        finally
        {
            await App.CountAsOwnerAsync($"UPDATE accounts SET balance = balance - 1 WHERE user_id = '{fan.Id}' RETURNING 1");
        }
    }
}
