using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Common;

/// <summary>Checks on the caller shared by the creator-only use cases.</summary>
public static class CreatorGuard
{
    public static async Task RequireCreatorAsync(IDigisDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        Rule.Check(new OnlyCreatorsRule(
            await db.Users.AsNoTracking().AnyAsync(u => u.Id == userId && u.Role == UserRole.Creator, cancellationToken)));
    }
}
