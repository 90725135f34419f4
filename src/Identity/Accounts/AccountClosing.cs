using Digis.Identity.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Digis.Identity.Accounts;

/// <summary>
/// Closing an account (SPEC §15): refused while a cash-out is on its way; otherwise every session and token of the
/// account ends, its passkeys go, and what identifies the person (e-mail, name, password, phone) is erased from the
/// identity store. The id stays — the money system's ledger rows are kept under it — and can never sign in again.
/// </summary>
public sealed class AccountClosing(
    AccountsDbContext db,
    PendingCashouts cashouts,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    TimeProvider clock)
{
    public async Task<bool> CloseAsync(Account account, CancellationToken cancellationToken)
    {
        if (await cashouts.AnyAsync(account.Id, cancellationToken))
        {
            return false;
        }

        var subject = account.Id.ToString();
        await authorizations.RevokeBySubjectAsync(subject, cancellationToken);
        await tokens.RevokeBySubjectAsync(subject, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.UserPasskeys.Where(p => p.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await db.UserTokens.Where(t => t.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await db.UserLogins.Where(l => l.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        await db.UserClaims.Where(c => c.UserId == account.Id).ExecuteDeleteAsync(cancellationToken);
        // Written directly: Identity's validators insist on an e-mail and a user name, and a closed account has neither.
        await db.Users.Where(a => a.Id == account.Id).ExecuteUpdateAsync(
            set => set
                .SetProperty(a => a.ClosedAt, clock.GetUtcNow())
                .SetProperty(a => a.Email, (string?)null)
                .SetProperty(a => a.NormalizedEmail, (string?)null)
                .SetProperty(a => a.EmailConfirmed, false)
                .SetProperty(a => a.UserName, "closed-" + subject)
                .SetProperty(a => a.NormalizedUserName, "CLOSED-" + subject.ToUpperInvariant())
                .SetProperty(a => a.DisplayName, "")
                .SetProperty(a => a.PasswordHash, (string?)null)
                .SetProperty(a => a.PhoneNumber, (string?)null)
                .SetProperty(a => a.SecurityStamp, Guid.NewGuid().ToString("N"))
                .SetProperty(a => a.ConcurrencyStamp, Guid.NewGuid().ToString())
                .SetProperty(a => a.LockoutEnabled, true)
                .SetProperty(a => a.LockoutEnd, DateTimeOffset.MaxValue),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
