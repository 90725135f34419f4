using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Common.Paging;
using Digis.Application.Me.GetMe;
using Digis.Application.Tips.SendTip;
using Digis.Application.Wallets.GetTransactions;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Application.IntegrationTests;

[Collection(nameof(AppCollection))]
public sealed class TipUseCaseTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_tip_posts_one_transfer_from_the_wallet_to_the_creators_clearing_earnings_with_balances_after_and_lifetime_counters()
    {
        var fan = await App.FundedUserAsync(100, name: "Finn");
        var creator = await App.FundedUserAsync(40, UserRole.Creator, "Cleo");

        var tip = await App.SendAsync(new SendTip(fan.Id, creator.Id, 30, "  great set  ", null, null));

        tip.Balance.ShouldBe(70);
        tip.Message.ShouldBe("great set");
        var fanMe = await App.SendAsync(new GetMe(fan.Id));
        var creatorMe = await App.SendAsync(new GetMe(creator.Id));
        fanMe.Wallet.Balance.ShouldBe(70);
        fanMe.Wallet.Lifetime.Spent.ShouldBe(30);
        creatorMe.Wallet.Balance.ShouldBe(40);
        creatorMe.Wallet.Earnings.ShouldBe(new EarningsFigures(0, 30, 0));
        creatorMe.Wallet.Lifetime.Earned.ShouldBe(30);

        var fanEntry = (await App.SendAsync(new GetTransactions(fan.Id, PageRequest.From(1, null)))).Items.Single();
        var creatorEntry = (await App.SendAsync(new GetTransactions(creator.Id, PageRequest.From(1, null)))).Items.Single();
        (fanEntry.Kind, fanEntry.Amount, fanEntry.BalanceAfter, fanEntry.ReferenceId).ShouldBe(("tip", -30L, 70L, tip.Id));
        (fanEntry.Account, creatorEntry.Account).ShouldBe(("wallet", "earnings-clearing"));
        (creatorEntry.Kind, creatorEntry.Amount, creatorEntry.BalanceAfter, creatorEntry.ReferenceId).ShouldBe(("tip", 30L, 30L, tip.Id));
        (fanEntry.CounterpartyId, fanEntry.Memo).ShouldBe((creator.Id, "great set"));
        (creatorEntry.CounterpartyId, creatorEntry.Memo).ShouldBe((fan.Id, "great set"));

        // One transfer, its entries in posting order (payer first) with the memo, written in the tip's transaction.
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{tip.Id}' AND kind = 'Tip' AND amount = 30 AND memo = 'great set'")).ShouldBe(1);
        (await App.CountAsync($"""
            SELECT count(*) FROM ledger_entries p JOIN ledger_entries c ON c.transfer_id = p.transfer_id
            WHERE p.reference_id = '{tip.Id}' AND p.amount = -30 AND c.amount = 30 AND p.seq < c.seq AND p.memo = 'great set'
            """)).ShouldBe(1);
    }

    [Fact]
    public async Task A_tip_the_fan_cannot_pay_is_refused_with_the_balance_and_changes_nothing()
    {
        var fan = await App.FundedUserAsync(20);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var refused = await Should.ThrowAsync<BusinessRuleValidationException>(
            () => App.SendAsync(new SendTip(fan.Id, creator.Id, 21, null, null, null)));

        refused.BrokenRule.ShouldBeOfType<Domain.Ledger.WalletBalanceCannotGoNegativeRule>().Balance.Value.ShouldBe(20);
        (await App.BalanceAsync(fan.Id)).ShouldBe(20);
        (await App.BalanceAsync(creator.Id)).ShouldBe(0);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{fan.Id}'")).ShouldBe(0);
    }

    [Fact]
    public async Task The_unit_of_work_sends_a_write_queued_for_the_commit_with_it_and_drops_it_on_rollback()
    {
        var fan = await App.FundedUserAsync(100);
        var (sent, dropped) = ("key-" + Guid.CreateVersion7(), "key-" + Guid.CreateVersion7());
        await using var scope = App.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var unitOfWork = sp.GetRequiredService<IUnitOfWork>();
        var store = sp.GetRequiredService<IIdempotencyStore>();

        store.ClaimInNextTransaction(new IdempotentRequest(fan.Id, sent, "hash"), first: false, _ => "{}");
        var storedBeforeTheCommit = await unitOfWork.InTransactionAsync(
            async ct => await App.CountAsync($"SELECT count(*) FROM idempotency_keys WHERE key = '{sent}'"),
            CancellationToken.None);
        store.ClaimInNextTransaction(new IdempotentRequest(fan.Id, dropped, "hash"), first: false, _ => "{}");
        await Should.ThrowAsync<InvalidOperationException>(() => unitOfWork.InTransactionAsync<int>(
            _ => throw new InvalidOperationException("the work failed"),
            CancellationToken.None));

        storedBeforeTheCommit.ShouldBe(0, "nothing is visible before the commit");
        (await App.CountAsync($"SELECT count(*) FROM idempotency_keys WHERE key = '{sent}' AND response = '{{}}'")).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM idempotency_keys WHERE key = '{dropped}'")).ShouldBe(0);
        (await unitOfWork.InTransactionAsync(async ct =>
        {
            await sp.GetRequiredService<ILedger>().PostAsync(
                new Posting(Account.IssuanceId, (await WalletsAsync(0)).FanWallet, new Tokens(1), TransferKind.Purchase, Guid.CreateVersion7(), null), ct);
            return 1;
        }, CancellationToken.None)).ShouldBe(1, "the next command in the same scope commits as usual");
    }

    [Fact]
    public async Task A_key_claimed_with_the_commit_refuses_a_second_commit_while_in_use_and_is_claimed_afresh_once_expired()
    {
        var fan = await App.FundedUserAsync(0);
        var key = "key-" + Guid.CreateVersion7();
        await using var scope = App.Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
        Task<string> ClaimAsync(string response)
        {
            store.ClaimInNextTransaction(new IdempotentRequest(fan.Id, key, "hash"), first: false, r => (string)r!);
            return unitOfWork.InTransactionAsync(_ => ValueTask.FromResult(response), CancellationToken.None);
        }

        Task<StoredRequest?> FindAsync() => store.FindAsync(new IdempotentRequest(fan.Id, key, "any"), CancellationToken.None);

        await ClaimAsync("first");
        (await Should.ThrowAsync<Npgsql.PostgresException>(() => ClaimAsync("second"))).SqlState.ShouldBe("DG409");

        (await FindAsync()).ShouldBe(new StoredRequest("hash", "first"));
        (await App.CountAsync(
            $"WITH aged AS (UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = '{key}' RETURNING 1) SELECT count(*) FROM aged"))
            .ShouldBe(1);
        (await FindAsync()).ShouldBeNull("a key older than 24 h is free");
        await ClaimAsync("third");
        (await FindAsync()).ShouldBe(new StoredRequest("hash", "third"));
    }

    [Fact]
    public async Task Housekeeping_deletes_the_keys_past_their_24_hours_and_keeps_the_younger_ones()
    {
        var fan = await App.FundedUserAsync(0);
        var keys = Enumerable.Range(0, 3).Select(i => $"key-{i}-{Guid.CreateVersion7()}").ToArray();
        await using var scope = App.Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
        foreach (var key in keys)
        {
            store.ClaimInNextTransaction(new IdempotentRequest(fan.Id, key, "hash"), first: false, r => (string)r!);
            await unitOfWork.InTransactionAsync(_ => ValueTask.FromResult(key), CancellationToken.None);
        }

        (await App.CountAsync($"WITH aged AS (UPDATE idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = '{keys[0]}' RETURNING 1) SELECT count(*) FROM aged"))
            .ShouldBe(1);
        (await App.CountAsync($"WITH aged AS (UPDATE idempotency_keys SET created_at = created_at - interval '23 hours' WHERE key = '{keys[1]}' RETURNING 1) SELECT count(*) FROM aged"))
            .ShouldBe(1);
        await App.Services.GetRequiredService<Digis.Api.Jobs.Housekeeping>().RunAsync(CancellationToken.None);

        (await App.CountAsync($"SELECT count(*) FROM idempotency_keys WHERE key = '{keys[0]}'")).ShouldBe(0, "past its 24 h");
        (await store.FindAsync(new IdempotentRequest(fan.Id, keys[1], "hash"), CancellationToken.None))
            .ShouldBe(new StoredRequest("hash", keys[1]), "23 h old: still answers a repeat");
        (await store.FindAsync(new IdempotentRequest(fan.Id, keys[2], "hash"), CancellationToken.None)).ShouldBe(new StoredRequest("hash", keys[2]));
        (await App.CountAsync("SELECT count(*) FROM idempotency_keys WHERE created_at < now() - interval '24 hours'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_key_claimed_first_refuses_a_second_claim_before_its_work_runs_and_stores_the_response_with_the_commit()
    {
        var fan = await App.FundedUserAsync(0);
        var request = new IdempotentRequest(fan.Id, "key-" + Guid.CreateVersion7(), "hash");
        await using var scope = App.Services.CreateAsyncScope();
        var unitOfWork = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var store = scope.ServiceProvider.GetRequiredService<IIdempotencyStore>();
        var ran = 0;
        Task<string> ClaimFirstAsync(string response)
        {
            store.ClaimInNextTransaction(request, first: true, r => (string)r!);
            return unitOfWork.InTransactionAsync(
                async ct =>
                {
                    ran++;
                    return await App.CountAsync($"SELECT count(*) FROM idempotency_keys WHERE key = '{request.Key}'") == 0 ? response : "seen";
                },
                CancellationToken.None);
        }

        (await ClaimFirstAsync("first")).ShouldBe("first", "the claim is not visible outside its transaction");
        await Should.ThrowAsync<Digis.Application.Common.Exceptions.IdempotencyKeyInUseException>(() => ClaimFirstAsync("second"));

        ran.ShouldBe(1, "a key in use refuses the work before it runs");
        (await store.FindAsync(request, CancellationToken.None)).ShouldBe(new StoredRequest("hash", "first"));
    }

    private Task<long> TransfersAsync(Guid reference) =>
        App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{reference}'");

    private async Task<(TestUser Fan, Guid FanWallet, Guid CreatorWallet)> WalletsAsync(long fanTokens)
    {
        var fan = await App.FundedUserAsync(fanTokens);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<IDigisDbContext>().Users;
        var wallets = await users.Where(u => u.Id == fan.Id || u.Id == creator.Id).ToDictionaryAsync(u => u.Id, u => u.WalletAccountId);
        return (fan, wallets[fan.Id], wallets[creator.Id]);
    }
}
