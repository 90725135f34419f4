using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Purchases.GetTokenPackages;

public sealed record GetTokenPackages : IQuery<IReadOnlyList<TokenPackageDto>>;

public sealed record TokenPackageDto(Guid Id, string Code, long Tokens, long PriceCents, string Currency);

public sealed class GetTokenPackagesHandler(IDigisDbContext db) : IQueryHandler<GetTokenPackages, IReadOnlyList<TokenPackageDto>>
{
    public async ValueTask<IReadOnlyList<TokenPackageDto>> Handle(GetTokenPackages query, CancellationToken cancellationToken)
    {
        var packages = await db.TokenPackages.AsNoTracking()
            .Where(p => p.Active)
            .ToListAsync(cancellationToken);
        return packages
            .OrderBy(p => p.Tokens.Value)
            .Select(p => new TokenPackageDto(p.Id, p.Code, p.Tokens.Value, p.Price.Value, p.Currency))
            .ToList();
    }
}
