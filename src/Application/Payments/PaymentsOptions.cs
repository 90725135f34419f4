namespace Digis.Application.Payments;

/// <summary>The <c>Payments</c> configuration section.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";
    public const string SandboxProvider = "sandbox";

    /// <summary><c>sandbox</c> (Development default) or the name of a hosted provider.</summary>
    public string Provider { get; set; } = SandboxProvider;

    /// <summary>Key of the webhook signature (HMAC-SHA256). Without it no webhook is accepted.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How old a signed timestamp may be, in seconds (Stripe's default 300).</summary>
    public int SignatureToleranceSeconds { get; set; } = 300;

    /// <summary>For a hosted provider: the checkout address, with <c>{purchaseId}</c> in it.</summary>
    public string? CheckoutUrlTemplate { get; set; }

    public bool IsSandbox => string.Equals(Provider, SandboxProvider, StringComparison.OrdinalIgnoreCase);
}
