using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;

namespace Digis.Domain.Users;

public enum UserRole
{
    Fan,
    Creator,
}

/// <summary>A fan or creator, known by the <c>sub</c> of their token, with exactly one wallet.</summary>
public sealed class User
{
    public const int MaxDisplayNameLength = 100;

    private User()
    {
    }

    public Guid Id { get; private set; }

    public string DisplayName { get; private set; } = "";

    public UserRole Role { get; private set; }

    public Guid WalletAccountId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>
    /// Tokens taken back by the payment provider (a lost dispute, a refund) that the wallet could no longer cover
    /// (SPEC §11). While above zero every spend is refused; tokens that reach the wallet from a payment repay it
    /// first. Changed only with the wallet's account locked.
    /// </summary>
    public Tokens Debt { get; private set; }

    public bool IsCreator => Role == UserRole.Creator;

    /// <summary>Provisions a user and an empty wallet on the first request of an unknown subject.</summary>
    public static (User User, Account Wallet) Provision(Guid id, string displayName, UserRole role, DateTimeOffset now)
    {
        var wallet = Account.OpenWallet(Ids.New(now), id);
        var user = new User
        {
            Id = id,
            DisplayName = NormalizeName(displayName, id),
            Role = role,
            WalletAccountId = wallet.Id,
            CreatedAt = now,
        };
        return (user, wallet);
    }

    public void Owe(Tokens tokens)
    {
        if (tokens < Tokens.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(tokens));
        }

        Debt += tokens;
    }

    /// <summary>Repays as much of the debt as <paramref name="available"/> allows; answers what was repaid.</summary>
    public Tokens Repay(Tokens available)
    {
        var repaid = Tokens.Min(Debt, available < Tokens.Zero ? Tokens.Zero : available);
        Debt -= repaid;
        return repaid;
    }

    public static string NormalizeName(string? displayName, Guid id)
    {
        var name = PlainTextRule.Strip(displayName ?? "", multiline: false).Trim();
        if (name.Length == 0)
        {
            name = "user-" + id.ToString("N")[..8];
        }

        return name.Length > MaxDisplayNameLength ? name[..MaxDisplayNameLength] : name;
    }
}
