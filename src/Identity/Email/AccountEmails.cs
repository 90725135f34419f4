using System.Text;
using Digis.Identity.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Digis.Identity.Email;

/// <summary>The two e-mails an account gets: confirm the address, reset the password. Links go to the public URL.</summary>
public sealed class AccountEmails(UserManager<Account> users, AccountMail mail, PublicUrl publicUrl)
{
    public async Task SendConfirmationAsync(Account account, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GenerateEmailConfirmationTokenAsync(account));
        var link = publicUrl.For($"{AccountPaths.ConfirmEmail}?userId={account.Id}&code={code}");
        await mail.SendAsync(account.Email!, "Confirm your e-mail for Digis",
            $"Hello {account.DisplayName},\n\nopen this link to confirm your e-mail address (you need it before buying tokens):\n\n{link}\n\n" +
            "If you did not create a Digis account, ignore this message.\n", cancellationToken);
    }

    public async Task SendPasswordResetAsync(Account account, CancellationToken cancellationToken)
    {
        var code = Encode(await users.GeneratePasswordResetTokenAsync(account));
        var link = publicUrl.For($"{AccountPaths.ResetPassword}?userId={account.Id}&code={code}");
        await mail.SendAsync(account.Email!, "Reset your Digis password",
            $"Hello {account.DisplayName},\n\nopen this link to choose a new password:\n\n{link}\n\n" +
            "If you did not ask for this, ignore this message: your password stays as it is.\n", cancellationToken);
    }

    /// <summary>Identity's tokens as they travel in a link (base64url of the UTF-8 text).</summary>
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token a link carried, or null when it is not even well-formed.</summary>
    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 2048)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
