using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Me.GetMe;

public sealed record GetMe(Guid UserId) : IQuery<MeDto>;

public sealed record MeDto(Guid Id, string DisplayName, UserRole Role, WalletDto Wallet);

public sealed class GetMeHandler(IDigisDbContext db) : IQueryHandler<GetMe, MeDto>
{
    public async ValueTask<MeDto> Handle(GetMe query, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { User = u, Wallet = a })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The user");
        return new MeDto(row.User.Id, row.User.DisplayName, row.User.Role, WalletDto.From(row.Wallet, row.User.Role));
    }
}
