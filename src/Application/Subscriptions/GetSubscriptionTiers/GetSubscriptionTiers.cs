using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions.GetSubscriptionTiers;

/// <summary>
/// A creator's tiers: the available ones for anyone (SPEC §18), or, for the creator's own studio (<c>Own</c>), every tier
/// not deleted with its subscriber count.
/// </summary>
public sealed record GetSubscriptionTiers(Guid CreatorId, bool Own = false) : IQuery<IReadOnlyList<SubscriptionTierDto>>;

public sealed class GetSubscriptionTiersHandler(IDigisDbContext db) : IQueryHandler<GetSubscriptionTiers, IReadOnlyList<SubscriptionTierDto>>
{
    public async ValueTask<IReadOnlyList<SubscriptionTierDto>> Handle(GetSubscriptionTiers query, CancellationToken cancellationToken)
    {
        if (query.Own)
        {
            await CreatorGuard.RequireCreatorAsync(db, query.CreatorId, cancellationToken);
        }
        else if (!await db.Users.AnyAsync(u => u.Id == query.CreatorId && u.Role == UserRole.Creator, cancellationToken))
        {
            throw new NotFoundException("The creator");
        }

        var tiers = await db.SubscriptionTiers.AsNoTracking()
            .Where(t => t.CreatorId == query.CreatorId && t.DeletedAt == null && (query.Own || t.Available))
            .OrderBy(t => t.Position)
            .ToListAsync(cancellationToken);
        return query.Own
            ? await SubscriptionTierQueries.WithCountsAsync(db, query.CreatorId, tiers, cancellationToken)
            : [.. tiers.Select(SubscriptionTierDto.From)];
    }
}
