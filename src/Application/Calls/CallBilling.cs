using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Money;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls;

/// <summary>
/// Charges the due blocks of calls whose rows the caller holds locked: locks every participant's wallet
/// in one ascending call, then per call charges block after block while the fan can pay, ending the call
/// <c>insufficient-funds</c> at the start of the first block the fan cannot pay; all the charges are one
/// posting. The one way blocks are charged: when a media report starts or stops the clock (block 0 falls due
/// when both participants' media connects, SPEC §17), by the metering batch, and before a participant or staff
/// ends or pauses a call (so what a call costs does not depend on when the last pass ran); each writes the
/// <see cref="Result.Blocks"/> it is given its own way. A block that would take the fan past their own
/// spending limit (SPEC §13) ends the call <c>limit-reached</c> at its start the same way.
/// </summary>
public sealed class CallBilling(IDigisDbContext db, ILedger ledger, FanSpendingLimits limits)
{
    public sealed record Shortfall(long Balance, long Required);

    /// <summary>What a charge did, and the participants' balances by user after it.</summary>
    public sealed record Result(
        int BlocksCharged,
        int CallsEnded,
        IReadOnlyDictionary<Guid, long> Balances,
        IReadOnlyDictionary<Guid, Shortfall> ShortOf,
        IReadOnlyList<CallBlock> Blocks);

    public async Task<Result> ChargeDueBlocksAsync(IReadOnlyCollection<Call> calls, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = calls.Where(c => c.NextDueBlock(now) is not null).ToList();
        var shortOf = new Dictionary<Guid, Shortfall>();
        var blocks = new List<CallBlock>();
        if (due.Count == 0)
        {
            return new Result(0, 0, new Dictionary<Guid, long>(), shortOf, blocks);
        }

        // The fans' wallets and the earnings sub-accounts their blocks credit, in one ascending lock.
        var earnings = due.ToDictionary(c => c.Id, c => EarningsAccounts.ClearingFor(c.CreatorId, c.FanId));
        var wallets = (await ledger.LockAsync([.. earnings.Values], due.Select(c => c.FanId).ToHashSet(), cancellationToken))
            .Values.Where(a => a.Kind == AccountKind.Wallet).ToDictionary(a => a.UserId!.Value);
        // What each wallet will hold once the blocks charged so far are posted: the ledger checks every posting
        // again, this only decides where a call that its fan cannot pay ends.
        var balances = wallets.ToDictionary(w => w.Key, w => w.Value.Balance);
        // A fan who owes tokens for a charge taken back pays no block (SPEC §11): the call ends as if the wallet were empty.
        var fans = due.Select(c => c.FanId).ToHashSet();
        var inDebt = (await db.Users.AsNoTracking().Where(u => fans.Contains(u.Id) && u.Debt != Tokens.Zero).Select(u => u.Id).ToListAsync(cancellationToken)).ToHashSet();
        // Read under the wallet locks, so no other spend of these fans can slip in before the blocks are posted.
        var allowances = new Dictionary<Guid, SpendingAllowance>(await limits.AllowancesAsync(due.Select(c => c.FanId).ToHashSet(), now, cancellationToken));
        var postings = new List<Posting>();
        int ended = 0;
        // Posted in the order of the fans' wallets: the batch's one posting then writes each account's entries together.
        foreach (var call in due.OrderBy(c => wallets[c.FanId].AccountId))
        {
            while (call.NextDueBlock(now) is { } block)
            {
                allowances.TryGetValue(call.FanId, out var allowance);
                if (Refusal(call, inDebt.Contains(call.FanId), balances[call.FanId], allowance) is { } refused)
                {
                    if (refused == CallEndReason.InsufficientFunds)
                    {
                        shortOf[call.Id] = new Shortfall(balances[call.FanId], call.BlockCost.Value);
                    }

                    call.End(refused, block.StartsAt);
                    ended++;
                    break;
                }

                if (allowance is not null)
                {
                    allowances[call.FanId] = allowance.Record(call.BlockCost);
                }

                postings.Add(new Posting(
                    wallets[call.FanId].AccountId, earnings[call.Id], call.BlockCost, TransferKind.CallBlock, call.Id, $"call block {block.Index}"));
                balances[call.FanId] -= call.BlockCost.Value;
                blocks.Add(CallBlock.Charged(call, block));
                call.RecordBlockCharged(block);
            }
        }

        var posted = await ledger.PostAsync(postings, cancellationToken);
        foreach (var account in posted.Accounts.Where(a => a.Kind == AccountKind.Wallet))
        {
            balances[account.UserId!.Value] = account.Balance;
        }

        return new Result(blocks.Count, ended, balances, shortOf, blocks);
    }

    /// <summary>
    /// Whether the fan could pay the call's next block now, read without locking or charging anything: accepting
    /// a call whose fan cannot pay its first block ends it at once, before anyone starts a camera (SPEC §4); the
    /// block itself is charged, and checked again, when the media connects (SPEC §17).
    /// </summary>
    public async Task<(CallEndReason Reason, Shortfall? Shortfall)?> NextBlockRefusalAsync(Call call, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fan = await db.Users.AsNoTracking().Where(u => u.Id == call.FanId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { u.Debt, a.Balance })
            .SingleAsync(cancellationToken);
        var allowances = await limits.AllowancesAsync([call.FanId], now, cancellationToken);
        return Refusal(call, fan.Debt != Tokens.Zero, fan.Balance.Value, allowances.GetValueOrDefault(call.FanId)) switch
        {
            CallEndReason.InsufficientFunds => (CallEndReason.InsufficientFunds, new Shortfall(fan.Balance.Value, call.BlockCost.Value)),
            { } reason => (reason, null),
            null => null,
        };
    }

    /// <summary>Why the fan cannot pay one more block of the call (debt or balance, then their own limit); null when they can.</summary>
    private static CallEndReason? Refusal(Call call, bool inDebt, long balance, SpendingAllowance? allowance) =>
        inDebt || new WalletBalanceCannotGoNegativeRule(new Tokens(balance), call.BlockCost).IsBroken() ? CallEndReason.InsufficientFunds
        : allowance is not null && !allowance.Allows(call.BlockCost) ? CallEndReason.LimitReached
        : null;
}
