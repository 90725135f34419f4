using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Me.GetMe;

public sealed record GetMe(Guid UserId) : IQuery<MeDto>;

public sealed record MeDto(Guid Id, string DisplayName, UserRole Role, WalletDto Wallet);

public sealed class GetMeHandler(IDigisDbContext db, WalletReader wallets) : IQueryHandler<GetMe, MeDto>
{
    public async ValueTask<MeDto> Handle(GetMe query, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == query.UserId, cancellationToken)
            ?? throw new NotFoundException("The user");
        return new MeDto(user.Id, user.DisplayName, user.Role, await wallets.ReadAsync(user.Id, cancellationToken));
    }
}
