using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Subscriptions;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Subscriptions.SetSubscriptionTiers;

/// <summary>
/// A creator replaces their subscription tiers (SPEC §18): at most three; a tier named by id is edited (a new price reaches
/// its subscribers at their next renewal), one left out is deleted unless subscriptions hold it (409). Answers every tier
/// of the creator, available or not, with its subscriber count.
/// </summary>
public sealed record SetSubscriptionTiers(Guid CallerId, IReadOnlyList<TierSpec> Tiers) : ICommand<IReadOnlyList<SubscriptionTierDto>>;

public sealed class SetSubscriptionTiersHandler(IDigisDbContext db, IRowLocks locks, TimeProvider clock)
    : ICommandHandler<SetSubscriptionTiers, IReadOnlyList<SubscriptionTierDto>>
{
    public async ValueTask<IReadOnlyList<SubscriptionTierDto>> Handle(SetSubscriptionTiers command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        // Two PUTs at once replace one after the other (NO KEY UPDATE: rows that reference the creator are still written).
        await locks.LockAsync<User>(command.CallerId, cancellationToken, RowLockMode.NoKeyUpdate);
        var ids = await db.SubscriptionTiers.Where(t => t.CreatorId == command.CallerId && t.DeletedAt == null)
            .OrderBy(t => t.Id).Select(t => t.Id).ToListAsync(cancellationToken);
        // A subscribe to a tier shares its row (SubscribeHandler): once these locks are held, the tiers' holders read below
        // are complete. NO KEY UPDATE (a tier is only ever soft-deleted): renewals' charges, whose foreign-key checks take
        // KEY SHARE on the tier, are not held up by an edit.
        var current = new List<SubscriptionTier>();
        foreach (var id in ids)
        {
            current.Add((await locks.LockAsync<SubscriptionTier>(id, cancellationToken, RowLockMode.NoKeyUpdate))!);
        }

        var held = (await db.Subscriptions.AsNoTracking()
            .Where(s => s.CreatorId == command.CallerId && (s.Status == SubscriptionStatus.Active || s.Status == SubscriptionStatus.PastDue))
            .Select(s => new { s.TierId, s.NextTierId })
            .ToListAsync(cancellationToken))
            .SelectMany(s => s.NextTierId is { } next ? [s.TierId, next] : new[] { s.TierId })
            .ToHashSet();
        var replaced = SubscriptionTiers.Replace(command.CallerId, current, command.Tiers, held, clock.GetUtcNow());
        db.SubscriptionTiers.AddRange(replaced.Added);
        return await SubscriptionTierQueries.WithCountsAsync(db, command.CallerId, replaced.Tiers, cancellationToken);
    }
}
