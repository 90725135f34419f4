using Microsoft.AspNetCore.Identity;

namespace Digis.Identity.Accounts;

/// <summary>
/// Development only: a demo fan and creator to sign in with, the same users as the API's demo tokens (same ids),
/// with confirmed e-mails. start.sh prints these lines.
/// </summary>
public static partial class DemoAccounts
{
    private static readonly (Guid Id, string Email, string Password, string Name, string Role)[] Accounts =
    [
        (new Guid("0193a0f0-0000-7000-8000-00000000f001"), "fan@digis.local", "Digis-demo-fan-1", "Demo Fan", AccountRoles.Fan),
        (new Guid("0193a0f0-0000-7000-8000-00000000c001"), "creator@digis.local", "Digis-demo-creator-1", "Demo Creator", AccountRoles.Creator),
    ];

    public static async Task EnsureAsync(IServiceProvider services, ILogger logger)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        foreach (var (id, email, password, name, role) in Accounts)
        {
            if (await users.FindByIdAsync(id.ToString()) is null)
            {
                var account = new Account
                {
                    Id = id, UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, Role = role, CreatedAt = clock.GetUtcNow(),
                };
                var created = await users.CreateAsync(account, password);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException("Demo account: " + string.Join("; ", created.Errors.Select(e => e.Description)));
                }
            }

            LogAccount(logger, role, email, password);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo {Role} account (Development only): {DemoEmail} / {DemoPassword}")]
    private static partial void LogAccount(ILogger logger, string role, string demoEmail, string demoPassword);
}
