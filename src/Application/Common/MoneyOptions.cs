using Digis.Domain.Money;

namespace Digis.Application.Common;

/// <summary><c>Tips:*</c> settings.</summary>
public sealed class TipsOptions
{
    public const string Section = "Tips";

    public long MaxAmount { get; set; } = Pricing.DefaultMaxTip;
}

/// <summary><c>Calls:*</c> settings.</summary>
public sealed class CallsOptions
{
    public const string Section = "Calls";

    public int HeartbeatTimeoutSeconds { get; set; } = 45;

    public int MaxPauseSeconds { get; set; } = 300;

    public int RequestTimeoutSeconds { get; set; } = 60;

    public Domain.Calls.CallTimeouts Timeouts => new(
        TimeSpan.FromSeconds(HeartbeatTimeoutSeconds), TimeSpan.FromSeconds(MaxPauseSeconds), TimeSpan.FromSeconds(RequestTimeoutSeconds));
}

/// <summary><c>Billing:*</c> settings: the metering pass.</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    public int MeterIntervalSeconds { get; set; } = 5;

    /// <summary>The secret of <c>POST /api/billing/meter</c>; absent = the endpoint answers 404.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Calls claimed per transaction.</summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Batches a pass runs side by side (each its own transaction and connection).</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Whether this instance runs the metering hosted service.</summary>
    public bool HostedService { get; set; } = true;
}

/// <summary><c>Payouts:*</c> settings.</summary>
public sealed class PayoutsOptions
{
    public const string Section = "Payouts";

    public long MinimumTokens { get; set; } = Domain.Payouts.Cashout.DefaultMinimumTokens;
}

/// <summary><c>Admin:*</c> settings of the console.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public long SupportAdjustmentLimit { get; set; } = 10_000;

    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }
}
