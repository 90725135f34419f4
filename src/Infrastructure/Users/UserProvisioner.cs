using System.Collections.Concurrent;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Users;
using Digis.Infrastructure.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Digis.Infrastructure.Users;

/// <summary>
/// The first request of an unknown subject provisions the user (SPEC §3), in a transaction of its own: one statement
/// inserts the user (a no-op when they exist, so concurrent first requests provision once) or writes back a display name
/// the token changed, and a role only ever from fan to creator (the identity host makes fans creators and never the
/// reverse, so a token still saying fan — issued before the change, or replayed — cannot take a creator's role away;
/// docs/decisions/0062); then the ledger opens what the user's role needs — a new user's wallet, and a
/// creator's earnings — leaving alone what exists. Known subjects are remembered per process, so a steady caller costs no round trip.
/// A singleton that writes from a scope of its own: the request's scope resolves nothing for it, which matters for a hub
/// connection, whose request (and scope) lives as long as the connection — a database context leased there would stay
/// out of the pool, with everything it holds, until the viewer leaves.
/// </summary>
internal sealed class UserProvisioner(IServiceScopeFactory scopes, TimeProvider clock, ProvisionedUsers known) : IUserProvisioner
{
    public async ValueTask EnsureAsync(Guid userId, UserRole role, string displayName, CancellationToken cancellationToken)
    {
        var name = User.NormalizeName(displayName, userId);
        if (known.Matches(userId, role, name))
        {
            return;
        }

        var (user, wallet) = User.Provision(userId, name, role, clock.GetUtcNow());
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DigisDbContext>();
        var ledger = scope.ServiceProvider.GetRequiredService<ILedger>();
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            async ct =>
            {
                // The wallet the user's row names: the new one, or theirs when only the role or name changed.
                var written = await db.QueryAsync(
                    """
                    INSERT INTO users (id, display_name, role, wallet_account_id, created_at)
                    VALUES (@id, @name, @role, @wallet, @now)
                    ON CONFLICT (id) DO UPDATE
                      SET role = CASE WHEN EXCLUDED.role = 'Creator' THEN 'Creator' ELSE users.role END, display_name = EXCLUDED.display_name
                     WHERE (EXCLUDED.role = 'Creator' AND users.role <> 'Creator') OR users.display_name <> EXCLUDED.display_name
                    RETURNING wallet_account_id
                    """,
                    row => row.GetGuid(0),
                    ct,
                    ("id", user.Id), ("name", user.DisplayName), ("role", user.Role.ToString()), ("wallet", wallet.Id), ("now", user.CreatedAt));
                Account[] accounts = [.. written.Select(walletId => Account.OpenWallet(walletId, user.Id)), .. user.IsCreator ? Account.OpenEarnings(user.Id) : []];
                if (accounts.Length > 0)
                {
                    await ledger.OpenAsync(accounts, ct);
                }

                return written.Count;
            },
            cancellationToken);
        known.Remember(userId, role, name);
    }
}

/// <summary>Subjects already provisioned by this process, with the role and name last written.</summary>
internal sealed class ProvisionedUsers
{
    private const int Capacity = 200_000;
    private readonly ConcurrentDictionary<Guid, (UserRole Role, string Name)> _users = new();

    public bool Matches(Guid id, UserRole role, string name) =>
        _users.TryGetValue(id, out var seen) && seen.Role == role && seen.Name == name;

    public void Remember(Guid id, UserRole role, string name)
    {
        if (_users.Count >= Capacity)
        {
            _users.Clear();
        }

        _users[id] = (role, name);
    }
}
