using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.GetWallet;

public sealed record GetWallet(Guid UserId) : IQuery<WalletDto>;

public sealed class GetWalletHandler(IDigisDbContext db) : IQueryHandler<GetWallet, WalletDto>
{
    public async ValueTask<WalletDto> Handle(GetWallet query, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { u.Role, Wallet = a })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The wallet");
        return WalletDto.From(row.Wallet, row.Role);
    }
}
