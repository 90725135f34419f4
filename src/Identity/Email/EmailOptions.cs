namespace Digis.Identity.Email;

/// <summary>The <c>Email</c> section (SPEC §15): SMTP, or in Development and tests a pickup folder of <c>.eml</c> files.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>When set, each message is written here as an .eml file instead of being sent.</summary>
    public string? PickupDirectory { get; set; }

    public bool IsValid() =>
        !string.IsNullOrWhiteSpace(PickupDirectory)
        || (!string.IsNullOrWhiteSpace(Smtp.Host) && Smtp.Port is > 0 and <= 65535 && !string.IsNullOrWhiteSpace(Smtp.From));
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public string? User { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "Digis <no-reply@digis.local>";
}
