using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Wallets.GetWallet;

public sealed record GetWallet(Guid UserId) : IQuery<WalletDto>;

public sealed class GetWalletHandler(WalletReader wallets) : IQueryHandler<GetWallet, WalletDto>
{
    public async ValueTask<WalletDto> Handle(GetWallet query, CancellationToken cancellationToken) =>
        await wallets.ReadAsync(query.UserId, cancellationToken);
}
