using Digis.Domain.Money;

namespace Digis.Domain.Ledger;

public enum AccountKind
{
    Wallet,
    Issuance,
    PayoutsPending,
    PayoutsSettled,
    Adjustments,

    /// <summary>A ticketed show's ticket revenue until the show ends (SPEC §11 "Ticket escrow"); owned by its creator.</summary>
    Escrow,

    /// <summary>One of a creator's sub-accounts of earnings that are still clearing (<see cref="EarningsAccounts"/>).</summary>
    EarningsClearing,

    /// <summary>A creator's earnings that have cleared: the only tokens a cash-out takes.</summary>
    EarningsCashable,

    /// <summary>A user's tokens held out of the wallet while a purchase of theirs is disputed (SPEC §11 <c>held</c>).</summary>
    Held,
}

/// <summary>
/// One side of the double-entry ledger: a user's wallet or a system account, as last posted. The code reads
/// accounts and never writes them: a balance and its lifetime figures change only when the ledger posts a
/// <see cref="Posting"/> (the database function <c>post_transfers</c>, docs/decisions/0001-one-posting-function.md),
/// which locks the accounts, refuses what would take a wallet below zero, writes the transfer and its two
/// entries and moves the balance in the same statement.
/// </summary>
public sealed class Account
{
    /// <summary>System accounts have fixed ids that sort before every wallet (UUID v7) id.</summary>
    public static readonly Guid IssuanceId = new("00000000-0000-0000-0000-000000000001");
    public static readonly Guid PayoutsPendingId = new("00000000-0000-0000-0000-000000000002");
    public static readonly Guid PayoutsSettledId = new("00000000-0000-0000-0000-000000000003");
    public static readonly Guid AdjustmentsId = new("00000000-0000-0000-0000-000000000004");

    private Account()
    {
    }

    public Guid Id { get; private set; }

    public AccountKind Kind { get; private set; }

    /// <summary>The owner of a wallet, an escrow or earnings; null for system accounts.</summary>
    public Guid? UserId { get; private set; }

    /// <summary>Never below zero, except for issuance and adjustments: they are where tokens come from.</summary>
    public Tokens Balance { get; private set; }

    /// <summary>Lifetime figures of a wallet, kept with the balance so reading them costs one row.</summary>
    public Tokens Purchased { get; private set; }

    public Tokens Spent { get; private set; }

    public Tokens Earned { get; private set; }

    /// <summary>Tokens that left the wallet for a cash-out, less those of rejected cash-outs.</summary>
    public Tokens CashedOut { get; private set; }

    public static Account OpenWallet(Guid id, Guid userId) =>
        new() { Id = id, Kind = AccountKind.Wallet, UserId = userId };

    /// <summary>The escrow of a ticketed show, owned by its creator.</summary>
    public static Account OpenEscrow(Guid streamId, Guid creatorId) =>
        new() { Id = EarningsAccounts.Escrow(streamId), Kind = AccountKind.Escrow, UserId = creatorId };

    /// <summary>A creator's earnings: the clearing sub-accounts and the cashable account (<see cref="EarningsAccounts"/>).</summary>
    public static IReadOnlyList<Account> OpenEarnings(Guid creatorId) =>
    [
        .. EarningsAccounts.AllClearing(creatorId).Select(id => new Account { Id = id, Kind = AccountKind.EarningsClearing, UserId = creatorId }),
        new Account { Id = EarningsAccounts.Cashable(creatorId), Kind = AccountKind.EarningsCashable, UserId = creatorId },
    ];

    /// <summary>A user's held tokens, opened on their first disputed purchase.</summary>
    public static Account OpenHeld(Guid userId) =>
        new() { Id = EarningsAccounts.Held(userId), Kind = AccountKind.Held, UserId = userId };
}
