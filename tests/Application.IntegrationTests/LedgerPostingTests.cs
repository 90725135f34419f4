using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Digis.Application.IntegrationTests;

/// <summary>The posting rules, as the ledger's one writer (the database function <c>post_transfers</c>) applies them.</summary>
[Collection(nameof(AppCollection))]
public sealed class LedgerPostingTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_transfer_writes_two_entries_that_sum_to_zero_with_balances_after_in_posting_order()
    {
        var (fan, creator) = await WalletsAsync(100);
        var reference = Guid.CreateVersion7();

        var posted = await PostAsync(new Posting(fan, creator, new Tokens(30), TransferKind.Tip, reference, "thanks"));

        posted.Single(a => a.AccountId == fan).Balance.ShouldBe(70);
        posted.Single(a => a.AccountId == creator).Balance.ShouldBe(30);
        (await App.CountAsync($"""
            SELECT count(*) FROM ledger_entries d JOIN ledger_entries c ON c.transfer_id = d.transfer_id AND c.seq > d.seq
            WHERE d.reference_id = '{reference}' AND d.account_id = '{fan}' AND d.amount = -30 AND d.balance_after = 70
              AND c.account_id = '{creator}' AND c.amount = 30 AND c.balance_after = 30 AND c.memo = 'thanks'
              AND d.counterparty_account_id = '{creator}' AND c.counterparty_account_id = '{fan}'
              AND d.counterparty_user_id = (SELECT user_id FROM accounts WHERE id = '{creator}')
              AND c.counterparty_user_id = (SELECT user_id FROM accounts WHERE id = '{fan}')
            """)).ShouldBe(1);
    }

    [Fact]
    public async Task A_wallet_spends_exactly_its_balance_and_never_below_it_and_a_refusal_changes_nothing()
    {
        var (fan, creator) = await WalletsAsync(50);

        var refused = await Should.ThrowAsync<BusinessRuleValidationException>(() => PostAsync(
            new Posting(fan, creator, new Tokens(20), TransferKind.Tip, Guid.CreateVersion7(), null),
            new Posting(fan, creator, new Tokens(31), TransferKind.Tip, Guid.CreateVersion7(), null)));
        var rule = refused.BrokenRule.ShouldBeOfType<WalletBalanceCannotGoNegativeRule>();
        (rule.Balance, rule.Required).ShouldBe((new Tokens(30), new Tokens(31)), "the figures of the entry that would have overdrawn");
        (await BalanceAsync(fan)).ShouldBe(50, "the whole call is refused");

        var alone = await Should.ThrowAsync<BusinessRuleValidationException>(() => PostAsync(
            new Posting(fan, creator, new Tokens(51), TransferKind.Tip, Guid.CreateVersion7(), null)));
        var single = alone.BrokenRule.ShouldBeOfType<WalletBalanceCannotGoNegativeRule>();
        (single.Balance, single.Required).ShouldBe((new Tokens(50), new Tokens(51)), "a single transfer's legs are computed apart from a batch's");
        (await BalanceAsync(fan)).ShouldBe(50);

        await PostAsync(new Posting(fan, creator, new Tokens(50), TransferKind.Tip, Guid.CreateVersion7(), null));
        (await BalanceAsync(fan)).ShouldBe(0);
    }

    [Fact]
    public async Task A_wallet_may_be_paid_then_spend_what_it_was_paid_within_one_call()
    {
        var (fan, creator) = await WalletsAsync(10);
        var (other, _) = await WalletsAsync(0);

        await PostAsync(
            new Posting(fan, creator, new Tokens(10), TransferKind.Tip, Guid.CreateVersion7(), null),
            new Posting(creator, other, new Tokens(10), TransferKind.Tip, Guid.CreateVersion7(), null));

        (await BalanceAsync(creator)).ShouldBe(0);
        (await BalanceAsync(other)).ShouldBe(10);
        await Should.ThrowAsync<BusinessRuleValidationException>(() => PostAsync(
            new Posting(creator, other, new Tokens(1), TransferKind.Tip, Guid.CreateVersion7(), null),
            new Posting(other, creator, new Tokens(5), TransferKind.Tip, Guid.CreateVersion7(), null)));
    }

    [Theory]
    [InlineData("00000000-0000-0000-0000-000000000002")]
    [InlineData("00000000-0000-0000-0000-000000000003")]
    public async Task Payout_accounts_never_go_negative(string payouts)
    {
        var (fan, _) = await WalletsAsync(0);

        await Should.ThrowAsync<BusinessRuleValidationException>(() =>
            PostAsync(new Posting(Guid.Parse(payouts), fan, new Tokens(1_000_000_000_000), TransferKind.CashoutReversal, Guid.CreateVersion7(), null)));
    }

    [Fact]
    public async Task Issuance_and_adjustments_are_where_tokens_come_from()
    {
        var (fan, _) = await WalletsAsync(0);

        await PostAsync(
            new Posting(Account.IssuanceId, fan, new Tokens(5), TransferKind.Purchase, Guid.CreateVersion7(), null),
            new Posting(Account.AdjustmentsId, fan, new Tokens(5), TransferKind.Adjustment, Guid.CreateVersion7(), null));

        (await BalanceAsync(fan)).ShouldBe(10);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task Every_amount_moved_is_positive(long amount)
    {
        var (fan, creator) = await WalletsAsync(10);

        var refused = await Should.ThrowAsync<PostgresException>(() =>
            PostAsync(new Posting(fan, creator, new Tokens(amount), TransferKind.Tip, Guid.CreateVersion7(), null)));
        refused.ConstraintName.ShouldBe("ck_transfers_amount_positive");
    }

    [Fact]
    public async Task A_transfer_joins_two_different_accounts_that_exist()
    {
        var (fan, _) = await WalletsAsync(10);

        (await Should.ThrowAsync<PostgresException>(() =>
            PostAsync(new Posting(Account.IssuanceId, Account.IssuanceId, new Tokens(1), TransferKind.Purchase, Guid.CreateVersion7(), null))))
            .ConstraintName.ShouldBe("ck_transfers_two_accounts");
        // No foreign key any more (ADR 0111): post_transfers refuses an unknown account as one would, and writes nothing.
        var reference = Guid.CreateVersion7();
        (await Should.ThrowAsync<PostgresException>(() =>
            PostAsync(new Posting(fan, Guid.CreateVersion7(), new Tokens(1), TransferKind.Tip, reference, null))))
            .SqlState.ShouldBe(PostgresErrorCodes.ForeignKeyViolation);
        (await BalanceAsync(fan)).ShouldBe(10);
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{reference}'")).ShouldBe(0);
    }

    /// <summary>One call for all eight transfers (a batch's legs), or one call each (a single transfer's legs): the same figures.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Lifetime_figures_follow_the_kind_of_movement_on_wallets_only(bool oneCall)
    {
        var (fan, creator) = await WalletsAsync(0);
        Posting[] postings =
        [
            new Posting(Account.IssuanceId, fan, new Tokens(500), TransferKind.Purchase, Guid.CreateVersion7(), null),
            new Posting(fan, creator, new Tokens(100), TransferKind.Tip, Guid.CreateVersion7(), null),
            new Posting(fan, creator, new Tokens(50), TransferKind.CallBlock, Guid.CreateVersion7(), null),
            new Posting(creator, fan, new Tokens(50), TransferKind.CallBlockRefund, Guid.CreateVersion7(), null),
            new Posting(fan, Account.IssuanceId, new Tokens(100), TransferKind.PurchaseReversal, Guid.CreateVersion7(), null),
            new Posting(creator, Account.PayoutsPendingId, new Tokens(80), TransferKind.Cashout, Guid.CreateVersion7(), null),
            new Posting(Account.PayoutsPendingId, creator, new Tokens(30), TransferKind.CashoutReversal, Guid.CreateVersion7(), null),
            new Posting(Account.PayoutsPendingId, Account.PayoutsSettledId, new Tokens(50), TransferKind.CashoutSettlement, Guid.CreateVersion7(), null),
        ];
        if (oneCall)
        {
            await PostAsync(postings);
        }
        else
        {
            foreach (var posting in postings)
            {
                await PostAsync(posting);
            }
        }

        (await LifetimeAsync(fan)).ShouldBe((300L, 400L, 100L, 0L, 0L));
        (await LifetimeAsync(creator)).ShouldBe((50L, 0L, 0L, 100L, 50L));
        var settled = await LifetimeAsync(Account.PayoutsSettledId);
        (settled.Purchased, settled.Spent, settled.Earned, settled.CashedOut).ShouldBe((0L, 0L, 0L, 0L));
    }

    [Fact]
    public async Task Many_postings_racing_on_few_wallets_keep_the_books_balanced_and_never_overdraw()
    {
        var wallets = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            wallets.Add((await WalletsAsync(50)).Fan);
        }

        var (applied, refused) = (new System.Collections.Concurrent.ConcurrentBag<Guid>(), new System.Collections.Concurrent.ConcurrentBag<Guid>());
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            var random = new Random(worker);
            for (var i = 0; i < 40; i++)
            {
                var from = wallets[random.Next(wallets.Count)];
                var to = wallets[(wallets.IndexOf(from) + 1 + random.Next(wallets.Count - 1)) % wallets.Count];
                var reference = Guid.CreateVersion7();
                try
                {
                    await PostAsync(
                        new Posting(from, to, new Tokens(random.Next(1, 20)), TransferKind.Tip, reference, null),
                        new Posting(to, from, new Tokens(random.Next(1, 5)), TransferKind.Tip, reference, null));
                    applied.Add(reference);
                }
                catch (BusinessRuleValidationException refusal) when (refusal.BrokenRule is WalletBalanceCannotGoNegativeRule)
                {
                    refused.Add(reference);
                }
            }
        }));

        // Both outcomes happened (200 tokens over 4 wallets run dry under 320 random spends), and exactly as reported:
        // every applied call wrote its two transfers, every refused one nothing.
        (applied.Count + refused.Count).ShouldBe(320);
        applied.ShouldNotBeEmpty();
        refused.ShouldNotBeEmpty("some spends must have met an empty wallet");
        (await TransfersAsync(applied)).ShouldBe(2L * applied.Count);
        (await TransfersAsync(refused)).ShouldBe(0);
        var total = 0L;
        foreach (var wallet in wallets)
        {
            total += await BalanceAsync(wallet);
        }

        total.ShouldBe(200);
        (await App.CountAsync($"SELECT count(*) FROM accounts WHERE kind = 'Wallet' AND balance < 0")).ShouldBe(0);
    }

    private Task<long> TransfersAsync(IEnumerable<Guid> references) =>
        App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id IN ({string.Join(", ", references.Select(r => $"'{r}'").DefaultIfEmpty("NULL"))})");

    private async Task<IReadOnlyList<AccountBalance>> PostAsync(params Posting[] postings)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        return await sp.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            async ct => (await sp.GetRequiredService<ILedger>().PostAsync(postings, ct)).Accounts, CancellationToken.None);
    }

    private async Task<(Guid Fan, Guid Creator)> WalletsAsync(long fanTokens)
    {
        var fan = await App.FundedUserAsync(fanTokens);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IDigisDbContext>().Users;
        var wallets = await users.Where(u => u.Id == fan.Id || u.Id == creator.Id).ToDictionaryAsync(u => u.Id, u => u.WalletAccountId);
        return (wallets[fan.Id], wallets[creator.Id]);
    }

    private Task<long> BalanceAsync(Guid account) => App.CountAsync($"SELECT balance FROM accounts WHERE id = '{account}'");

    private async Task<(long Balance, long Purchased, long Spent, long Earned, long CashedOut)> LifetimeAsync(Guid account)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var a = await scope.ServiceProvider.GetRequiredService<IDigisDbContext>().Accounts.AsNoTracking().SingleAsync(a => a.Id == account);
        return (a.Balance.Value, a.Purchased.Value, a.Spent.Value, a.Earned.Value, a.CashedOut.Value);
    }
}
