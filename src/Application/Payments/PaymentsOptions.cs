namespace Digis.Application.Payments;

/// <summary>The <c>Payments</c> configuration section.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";
    public const string SandboxProvider = "sandbox";
    public const string StripeProvider = "stripe";

    /// <summary>
    /// <c>stripe</c> (the default) or <c>sandbox</c>, which exists only where set explicitly and never in Production
    /// (SPEC §11 "Sandbox": the API refuses to start with it there).
    /// </summary>
    public string Provider { get; set; } = StripeProvider;

    /// <summary>Key of the webhook signature (HMAC-SHA256). Without it no webhook is accepted.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Key of the Connect webhook's signature (<c>POST /api/webhooks/connect</c>, SPEC §16): Stripe signs Connect events apart.</summary>
    public string? ConnectWebhookSecret { get; set; }

    /// <summary>How old a signed timestamp may be, in seconds (Stripe's default 300).</summary>
    public int SignatureToleranceSeconds { get; set; } = 300;

    public StripeOptions Stripe { get; set; } = new();

    public bool IsSandbox => string.Equals(Provider, SandboxProvider, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems(bool production)
    {
        if (!IsSandbox && !string.Equals(Provider, StripeProvider, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"Provider must be {StripeProvider} or {SandboxProvider} (it is {Provider}).";
        }

        if (IsSandbox && production)
        {
            // SPEC §11 "Sandbox": a sandbox checkout credits tokens nobody paid for; it must never run in Production.
            yield return $"Provider={SandboxProvider} is refused in Production: set Payments:Provider={StripeProvider}.";
        }

        if (IsSandbox && string.IsNullOrEmpty(WebhookSecret))
        {
            // The sandbox's checkout signs its event with this key and delivers it through the webhook: without it every
            // checkout would be refused, and purchases would wait unpaid.
            yield return $"Provider={SandboxProvider} needs Payments:WebhookSecret: the sandbox checkout signs its events with it.";
        }

        foreach (var problem in Common.OptionsRules.Within(nameof(SignatureToleranceSeconds), SignatureToleranceSeconds, 1))
        {
            yield return problem;
        }
    }
}

/// <summary><c>Payments:Stripe</c>: the account's secret key, the API's address (a test points it at a fake), where Checkout returns.</summary>
public sealed class StripeOptions
{
    public string? SecretKey { get; set; }

    /// <summary>Stripe's API base; tests point it at a local fake of Stripe's API.</summary>
    public string ApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>Where Checkout sends the buyer after paying; <c>{purchaseId}</c> is replaced.</summary>
    public string SuccessUrl { get; set; } = "http://127.0.0.1:8080/?purchase={purchaseId}&checkout=success";

    /// <summary>Where Checkout sends the buyer who gives up; <c>{purchaseId}</c> is replaced.</summary>
    public string CancelUrl { get; set; } = "http://127.0.0.1:8080/?purchase={purchaseId}&checkout=cancel";

    /// <summary>Where Connect onboarding returns the creator when done (an Account Link's <c>return_url</c>).</summary>
    public string ConnectReturnUrl { get; set; } = "http://127.0.0.1:8080/app/#/studio";

    /// <summary>Where an expired onboarding link sends the creator for a fresh one (an Account Link's <c>refresh_url</c>).</summary>
    public string ConnectRefreshUrl { get; set; } = "http://127.0.0.1:8080/app/#/studio";
}
