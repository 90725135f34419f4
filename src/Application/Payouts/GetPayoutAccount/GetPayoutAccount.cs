using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.GetPayoutAccount;

/// <summary>The caller's payout account as the last Connect event left it (SPEC §16).</summary>
public sealed record GetPayoutAccount(Guid CallerId) : IQuery<PayoutAccountDto>;

public sealed class GetPayoutAccountHandler(IDigisDbContext db) : IQueryHandler<GetPayoutAccount, PayoutAccountDto>
{
    public async ValueTask<PayoutAccountDto> Handle(GetPayoutAccount query, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, query.CallerId, cancellationToken);
        return PayoutAccountDto.From(await db.PayoutAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.CallerId, cancellationToken));
    }
}
