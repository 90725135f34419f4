using System.Text.RegularExpressions;
using MimeKit;

namespace Digis.Testing;

/// <summary>The identity host's pickup folder (<c>Email:PickupDirectory</c>): the .eml files it wrote, read as a mail client would.</summary>
public static partial class Mailbox
{
    /// <summary>Waits for a message to <paramref name="to"/> whose subject contains <paramref name="subject"/>; returns the first link in it to <paramref name="path"/>.</summary>
    public static async Task<Uri> LinkAsync(string directory, string to, string subject, string path, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(directory))
            {
                foreach (var file in Directory.GetFiles(directory, "*.eml").Order(StringComparer.Ordinal).Reverse())
                {
                    using var message = await MimeMessage.LoadAsync(file);
                    if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase))
                        && (message.Subject ?? "").Contains(subject, StringComparison.Ordinal)
                        && Links().Matches(message.TextBody ?? "").Select(m => new Uri(m.Value)).FirstOrDefault(u => u.AbsolutePath == path) is { } link)
                    {
                        return link;
                    }
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"No e-mail '{subject}' to {to} with a link to {path} in {directory}.");
    }

    [GeneratedRegex(@"https?://[^\s]+")]
    private static partial Regex Links();
}
