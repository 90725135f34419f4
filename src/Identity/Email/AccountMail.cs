using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Digis.Identity.Email;

/// <summary>Sends the host's e-mails (confirmation, password reset) with MailKit, or drops them in the pickup folder.</summary>
public sealed class AccountMail(IOptions<EmailOptions> options, ILogger<AccountMail> logger)
{
    public async Task SendAsync(string to, string subject, string text, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(settings.Smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };

        if (settings.PickupDirectory is { Length: > 0 } pickup)
        {
            Directory.CreateDirectory(pickup);
            // Written under a temporary name and renamed, so a reader never sees half a message.
            var name = $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}";
            var temporary = Path.Combine(pickup, name + ".tmp");
            await message.WriteToAsync(temporary, cancellationToken);
            File.Move(temporary, Path.Combine(pickup, name + ".eml"));
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, SecureSocketOptions.Auto, cancellationToken);
        if (!string.IsNullOrEmpty(settings.Smtp.User))
        {
            await smtp.AuthenticateAsync(settings.Smtp.User, settings.Smtp.Password ?? "", cancellationToken);
        }

        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(quit: true, cancellationToken);
        logger.LogInformation("Sent {Subject} e-mail", subject);
    }
}
