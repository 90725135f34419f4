using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Wallets;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Staff;

/// <summary>
/// What confirming an adjustment and approving one have in common: the limits (SPEC §6, §19), one staff member's
/// credits counted under a lock of their own, and how an adjustment's tokens move (against the <c>adjustments</c>
/// account; an earnings credit clears like any other, a debit takes clearing tokens first).
/// </summary>
public sealed class StaffAdjustments(
    IDigisDbContext db, IRowLocks locks, ILedger ledger, CreatorEarnings earnings, WalletReader wallets, IOptions<AdminOptions> admin, IOptions<StaffOptions> staff)
{
    /// <summary>What the user's statement says of an adjustment, whatever the staff's reason.</summary>
    public const string UserMemo = "adjustment by support";

    public StaffCreditLimits Limits =>
        new(admin.Value.SupportAdjustmentLimit, staff.Value.SupportDailyCreditTokens, staff.Value.SecondApprovalTokens);

    /// <summary>
    /// Locks <paramref name="staffId"/>'s credits until the transaction ends (two confirmations of theirs cannot both
    /// pass the cap), then sums the wallet credits they asked for in the last 24 hours that are posted or waiting,
    /// leaving out <paramref name="except"/>. A credit counts from when it moved, or while it waits from when it was asked.
    /// </summary>
    public async Task<Tokens> LockCreditsOfAsync(Guid staffId, DateTimeOffset now, Guid? except, CancellationToken cancellationToken)
    {
        await locks.LockNameAsync($"staff-credits:{staffId:D}", cancellationToken);
        var since = now - StaffAdjustment.CapWindow;
        var amounts = await db.StaffAdjustments.AsNoTracking()
            .Where(a => a.RequestedById == staffId && a.Credit && !a.Earnings && a.Id != except
                && (a.Status == AdjustmentStatus.Pending || a.Status == AdjustmentStatus.Posted)
                && (a.PostedAt ?? a.RequestedAt) > since)
            .Select(a => a.Amount)
            .ToListAsync(cancellationToken);
        return amounts.Aggregate(Tokens.Zero, (sum, amount) => sum + amount);
    }

    /// <summary>Moves an adjustment's tokens, now that it is posted.</summary>
    public async Task<AdjustmentDto> PostAsync(StaffAdjustment adjustment, CancellationToken cancellationToken)
    {
        var user = await UserAsync(adjustment.UserId, cancellationToken);
        var memo = UserMemo + (adjustment.Reference is null ? "" : $" (ref {adjustment.Reference})");
        if (adjustment.Earnings)
        {
            Rule.Check(new EarningsAdjustmentNeedsACreatorRule(adjustment.Earnings, user.Role));

            IReadOnlyList<Posting> postings;
            if (adjustment.Credit)
            {
                postings = [new Posting(
                    Account.AdjustmentsId, EarningsAccounts.ClearingFor(adjustment.UserId, adjustment.Id), adjustment.Amount, TransferKind.Adjustment, adjustment.Id, memo)];
            }
            else
            {
                var draw = await earnings.LockAsync([adjustment.UserId], cancellationToken, alsoLock: [Account.AdjustmentsId]);
                postings = [.. draw.Settlements, .. draw.Take(adjustment.UserId, Account.AdjustmentsId, adjustment.Amount, TransferKind.Adjustment, adjustment.Id, memo)];
            }

            var moved = await ledger.PostAsync(postings, cancellationToken);
            return new AdjustmentDto(adjustment.Id, adjustment.UserId, adjustment.Signed, "posted", null, moved.EarningsOf(adjustment.UserId));
        }

        var posted = await ledger.PostAsync(
            adjustment.Credit
                ? new Posting(Account.AdjustmentsId, user.WalletAccountId, adjustment.Amount, TransferKind.Adjustment, adjustment.Id, memo)
                : new Posting(user.WalletAccountId, Account.AdjustmentsId, adjustment.Amount, TransferKind.Adjustment, adjustment.Id, memo),
            cancellationToken);
        return new AdjustmentDto(adjustment.Id, adjustment.UserId, adjustment.Signed, "posted", posted.BalanceOf(user.WalletAccountId), null);
    }

    /// <summary>An adjustment as it stands, without moving anything (a repeated confirmation, one that waits).</summary>
    public async Task<AdjustmentDto> DescribeAsync(StaffAdjustment adjustment, CancellationToken cancellationToken)
    {
        var status = adjustment.Status.ToString().ToLowerInvariant();
        if (adjustment.Earnings)
        {
            return new AdjustmentDto(adjustment.Id, adjustment.UserId, adjustment.Signed, status, null, null);
        }

        var wallet = await wallets.SpendingWalletAsync(adjustment.UserId, cancellationToken);
        return new AdjustmentDto(adjustment.Id, adjustment.UserId, adjustment.Signed, status, wallet.Balance, null);
    }

    public async Task<(Guid WalletAccountId, UserRole Role)> UserAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.WalletAccountId, u.Role })
            .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("The user");
        return (user.WalletAccountId, user.Role);
    }
}
