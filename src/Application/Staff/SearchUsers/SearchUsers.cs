using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.SearchUsers;

/// <summary>Users by id, or by a part of their display name (case-insensitive), at most 50.</summary>
public sealed record SearchUsers(string? Query) : IQuery<IReadOnlyList<UserSummaryDto>>;

public sealed class SearchUsersHandler(IDigisDbContext db) : IQueryHandler<SearchUsers, IReadOnlyList<UserSummaryDto>>
{
    public async ValueTask<IReadOnlyList<UserSummaryDto>> Handle(SearchUsers query, CancellationToken cancellationToken)
    {
        var text = (query.Query ?? "").Trim();
        if (text.Length == 0)
        {
            return [];
        }

        var users = db.Users.AsNoTracking();
        users = Guid.TryParse(text, out var id)
            ? users.Where(u => u.Id == id)
            : users.Where(u => u.DisplayName.ToLower().Contains(text.ToLower()));
        return await users
            .OrderBy(u => u.DisplayName)
            .Take(50)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { u.Id, u.DisplayName, u.Role, a.Balance, u.CreatedAt })
            .Select(r => new UserSummaryDto(r.Id, r.DisplayName, r.Role, r.Balance.Value, r.CreatedAt))
            .ToListAsync(cancellationToken);
    }
}
