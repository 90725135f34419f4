using Digis.Domain.Common;
using Digis.Domain.Ledger;

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
