using System.Collections.Concurrent;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Ledger;
using Digis.Domain.Users;
using Digis.Infrastructure.Persistence;

namespace Digis.Infrastructure.Users;

/// <summary>
/// First request of an unknown subject: one round trip (one implicit transaction) inserts the user and, when that
/// insert made it, its empty wallet (through the ledger's <c>open_account</c>: the API's role writes no account
/// itself); a changed display name in the token is written back, and a role only ever from fan to creator (the
/// identity host makes fans creators and never the reverse, so a token still saying fan — issued before the change,
/// or replayed — cannot take a creator's role away; docs/decisions/0062); a creator's earnings accounts are opened
/// (a no-op when they exist). Known subjects are remembered per process so a steady caller costs no round trip.
/// </summary>
internal sealed class UserProvisioner(DigisDbContext db, TimeProvider clock, ProvisionedUsers known) : IUserProvisioner
{
    public async ValueTask EnsureAsync(Guid userId, UserRole role, string displayName, CancellationToken cancellationToken)
    {
        var name = User.NormalizeName(displayName, userId);
        if (known.Matches(userId, role, name))
        {
            return;
        }

        var (user, wallet) = User.Provision(userId, name, role, clock.GetUtcNow());
        var earnings = Account.OpenEarnings(userId);
        await db.ExecuteAsync(
            """
            WITH new_user AS (
                INSERT INTO users (id, display_name, role, wallet_account_id, created_at)
                VALUES (@id, @name, @role, @wallet, @now)
                ON CONFLICT (id) DO NOTHING
                RETURNING wallet_account_id)
            INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
            SELECT wallet_account_id, 'Wallet', @id, 0, 0, 0, 0, 0 FROM new_user;
            UPDATE users SET role = @role, display_name = @name
             WHERE id = @id AND (role <> @role OR display_name <> @name);
            SELECT open_accounts(@earnings, @kinds, @owners) WHERE @role = 'Creator';
            """,
            cancellationToken,
            ("id", user.Id), ("name", user.DisplayName), ("role", user.Role.ToString()), ("wallet", wallet.Id), ("now", user.CreatedAt),
            ("earnings", earnings.Select(a => a.Id).ToArray()), ("kinds", earnings.Select(a => a.Kind.ToString()).ToArray()),
            ("owners", earnings.Select(a => a.UserId).ToArray()));
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
