using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Digis.Application.Payouts.PayCashout;

/// <summary>
/// The payout job's step for one cash-out (SPEC §16), in its own transaction: an approved cash-out that is due becomes a
/// Stripe Transfer to the creator's connected account (idempotency key and <c>transfer_group</c> = the cash-out id), its
/// tokens move on to payouts-settled and it is <c>paid</c>; a Stripe error leaves it approved with the next attempt
/// backed off. A cash-out whose bank payout failed has its transfer reversed at Stripe. The row is taken with
/// <c>SKIP LOCKED</c>: an instance working on it already is left to it, and the other finds it paid afterwards.
/// </summary>
public sealed record PayCashout(Guid CashoutId) : ICommand<PayoutStep>;

public enum PayoutStep
{
    /// <summary>Not due, not approved, or another instance holds it.</summary>
    Skipped,
    Paid,

    /// <summary>Stripe refused or could not be reached: it stays approved, the next attempt later.</summary>
    Retrying,
    Reversed,
    ReversalRetrying,
}

public sealed partial class PayCashoutHandler(
    IDigisDbContext db,
    IRowLocks locks,
    ILedger ledger,
    IPayoutProvider provider,
    PayoutFailures failures,
    TimeProvider clock,
    ILogger<PayCashoutHandler> logger)
    : ICommandHandler<PayCashout, PayoutStep>
{
    public async ValueTask<PayoutStep> Handle(PayCashout command, CancellationToken cancellationToken)
    {
        var cashout = await locks.TryLockAsync<Cashout>(command.CashoutId, cancellationToken);
        var now = clock.GetUtcNow();
        if (cashout is { ReversalDue: true })
        {
            return await ReverseAsync(cashout, cancellationToken);
        }

        if (cashout is not { Status: CashoutStatus.Approved } || cashout.NextAttemptAt > now)
        {
            return PayoutStep.Skipped;
        }

        var account = await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == cashout.CreatorId, cancellationToken);
        string transferId;
        try
        {
            transferId = account is null
                ? throw new PayoutProviderException("The creator has no payout account.")
                : await provider.TransferAsync(cashout, account.AccountId, cancellationToken);
        }
        catch (PayoutProviderException e)
        {
            cashout.RecordFailedAttempt(e.Message, now);
            failures.Count();
            LogAttemptFailed(logger, cashout.Id, cashout.Attempts, e.Message);
            return PayoutStep.Retrying;
        }

        if (cashout.RecordTransfer(transferId, now))
        {
            await ledger.PostAsync(CashoutPostings.Settle(cashout), cancellationToken);
        }

        return PayoutStep.Paid;
    }

    private async Task<PayoutStep> ReverseAsync(Cashout cashout, CancellationToken cancellationToken)
    {
        try
        {
            await provider.ReverseTransferAsync(cashout, cancellationToken);
        }
        catch (PayoutProviderException e)
        {
            LogReversalFailed(logger, cashout.Id, e.Message);
            return PayoutStep.ReversalRetrying;
        }

        cashout.ReversalDone();
        return PayoutStep.Reversed;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout of cash-out {CashoutId} failed (attempt {Attempts}): {Error}; it stays approved")]
    private static partial void LogAttemptFailed(ILogger logger, Guid cashoutId, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reversal of cash-out {CashoutId}'s transfer failed: {Error}; the next run tries again")]
    private static partial void LogReversalFailed(ILogger logger, Guid cashoutId, string error);
}
