using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Digis.Domain.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts;

/// <summary>
/// A staff adjustment that reached a creator: of the creator's own wallet or earnings (<see cref="PayerId"/> null;
/// <see cref="Amount"/> signed), or a credit to a payer who then paid the creator (<see cref="PaidToCreator"/>: what the
/// payer spent on the creator since the credit).
/// </summary>
public sealed record StaffCreditDto(
    Guid AdjustmentId,
    long Amount,
    DateTimeOffset At,
    Guid RequestedById,
    string RequestedBy,
    Guid? ApprovedById,
    string? ApprovedBy,
    Guid? PayerId,
    string? PayerName,
    long PaidToCreator)
{
    /// <summary>Whether <paramref name="staffId"/> asked for it or approved it.</summary>
    public bool Involves(Guid staffId) => RequestedById == staffId || ApprovedById == staffId;
}

/// <summary>
/// Where staff credits went (SPEC §19 "Staff credits cannot become cash"). Staff-credited tokens never become cashable
/// in the wallet they were credited to, but a fan can spend them on a creator, whose earnings then clear like any
/// other: so the cash-out review follows each staff credit to whoever it reached. For a creator it finds the
/// adjustments of their own wallet or earnings made within the four-eyes period (30 days), and the wallet credits to
/// any user who paid the creator (any spend: tip, ticket, call block, subscription) after the credit, made within the
/// four-eyes period plus the clearing period — the tokens of such a credit are cashable only a clearing period after
/// they reached the creator. The four-eyes rule, the queue and the automatic approval of SPEC §16 read the same trail.
/// </summary>
public sealed class StaffCreditTrail(IDigisDbContext db, IOptions<PayoutsOptions> payouts)
{
    private static readonly TransferKind[] Spends = [.. TransferKinds.Spends];

    public async Task<ILookup<Guid, StaffCreditDto>> ReachingAsync(IReadOnlyCollection<Guid> creatorIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ownSince = now - WalletAdjustmentAudit.FourEyesPeriod;
        var own = await db.StaffAdjustments.AsNoTracking()
            .Where(a => creatorIds.Contains(a.UserId) && a.Status == AdjustmentStatus.Posted && a.PostedAt >= ownSince)
            .ToListAsync(cancellationToken);

        // Staff credits are few: start from each recent credit's wallet and walk its spends since the credit (the
        // wallet's spend index), keeping those that reached one of these creators' accounts.
        var payerSince = ownSince - payouts.Value.ClearingPeriod;
        var reached = await (
                from a in db.StaffAdjustments.AsNoTracking()
                where a.Status == AdjustmentStatus.Posted && a.Credit && !a.Earnings && a.PostedAt >= payerSince
                join payer in db.Users.AsNoTracking() on a.UserId equals payer.Id
                join spend in db.LedgerEntries.AsNoTracking() on payer.WalletAccountId equals spend.AccountId
                where spend.Amount < 0 && Spends.Contains(spend.Kind) && spend.CreatedAt >= a.PostedAt
                join to in db.Accounts.AsNoTracking() on spend.CounterpartyAccountId equals to.Id
                where to.UserId != null && creatorIds.Contains(to.UserId.Value)
                group spend.Amount by new { Creator = to.UserId!.Value, Adjustment = a.Id, Payer = payer.Id, payer.DisplayName } into paid
                select new { paid.Key.Creator, paid.Key.Adjustment, paid.Key.Payer, paid.Key.DisplayName, Paid = -paid.Sum() })
            .ToListAsync(cancellationToken);
        var reachedIds = reached.Select(r => r.Adjustment).Distinct().ToList();
        var credits = reachedIds.Count == 0
            ? new Dictionary<Guid, StaffAdjustment>()
            : await db.StaffAdjustments.AsNoTracking().Where(a => reachedIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);

        return own.Select(a => (Creator: a.UserId, Credit: Describe(a, null, null, 0)))
            .Concat(reached.Select(r => (r.Creator, Credit: Describe(credits[r.Adjustment], r.Payer, r.DisplayName, r.Paid))))
            .OrderByDescending(c => c.Credit.At)
            .ToLookup(c => c.Creator, c => c.Credit);
    }

    private static StaffCreditDto Describe(StaffAdjustment a, Guid? payerId, string? payerName, long paid) =>
        new(a.Id, a.Signed, a.PostedAt!.Value, a.RequestedById, a.RequestedBy, a.ApprovedById, a.ApprovedBy, payerId, payerName, paid);
}
