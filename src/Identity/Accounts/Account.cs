using Microsoft.AspNetCore.Identity;

namespace Digis.Identity.Accounts;

/// <summary>
/// A fan's or creator's account. Its id is the Digis user id: the <c>sub</c> of every token it gets and the key
/// of its wallet and ledger rows in the money system (SPEC §3, §15).
/// </summary>
public sealed class Account : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary><see cref="AccountRoles.Fan"/> or <see cref="AccountRoles.Creator"/>; a fan may become a creator, never back.</summary>
    public string Role { get; set; } = AccountRoles.Fan;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set when the owner closed the account: sign-in is refused and the personal data is gone.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsClosed => ClosedAt is not null;
}
