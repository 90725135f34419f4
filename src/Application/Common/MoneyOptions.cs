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

    /// <summary>How long after the accept both sides' media must be connected, or the call ends <c>media-failed</c> (SPEC §17).</summary>
    public int MediaConnectSeconds { get; set; } = 30;

    /// <summary>How long lost media may stay lost before the call ends <c>connection-lost</c> (SPEC §17).</summary>
    public int MediaGraceSeconds { get; set; } = 20;

    /// <summary>TURN servers, comma-separated (<c>turn:127.0.0.1:3478?transport=udp,…</c>); none = no STUN or TURN is offered.</summary>
    public string? TurnUrls { get; set; }

    /// <summary>coturn's <c>static-auth-secret</c> (<c>use-auth-secret</c>): TURN credentials are derived from it.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>How long a TURN credential handed out by <c>GET /api/calls/{id}/ice-servers</c> stays valid.</summary>
    public int TurnTtlSeconds { get; set; } = 86_400;

    /// <summary>
    /// <c>all</c> (default) lets browsers connect directly where they can; <c>relay</c> sends every call through
    /// TURN, so neither party learns the other's network address.
    /// </summary>
    public string IceTransportPolicy { get; set; } = "all";

    public Domain.Calls.CallTimeouts Timeouts => new(
        TimeSpan.FromSeconds(HeartbeatTimeoutSeconds), TimeSpan.FromSeconds(MaxPauseSeconds), TimeSpan.FromSeconds(RequestTimeoutSeconds),
        TimeSpan.FromSeconds(MediaConnectSeconds), TimeSpan.FromSeconds(MediaGraceSeconds));

    /// <summary>The TURN URLs as a list (blanks dropped).</summary>
    public IReadOnlyList<string> TurnUrlList =>
        (TurnUrls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool IsValid() =>
        HeartbeatTimeoutSeconds >= 1 && MaxPauseSeconds >= 1 && RequestTimeoutSeconds >= 1 && MediaConnectSeconds >= 1
        && MediaGraceSeconds >= 1 && TurnTtlSeconds >= 60 && IceTransportPolicy is "all" or "relay"
        && (TurnUrlList.Count == 0 || TurnSecret is { Length: >= 16 })
        && TurnUrlList.All(u => u.StartsWith("turn:", StringComparison.Ordinal) || u.StartsWith("turns:", StringComparison.Ordinal))
        && (IceTransportPolicy == "all" || TurnUrlList.Count > 0);
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

    /// <summary>How long each credit to a creator's earnings stays clearing before it is cashable (SPEC §11; 7 days).</summary>
    public long ClearingSeconds { get; set; } = 604_800;

    /// <summary>How often the API's housekeeping moves cleared earnings and closes shows left open (0 = never).</summary>
    public int SweepIntervalSeconds { get; set; } = 60;

    public TimeSpan ClearingPeriod => TimeSpan.FromSeconds(ClearingSeconds);
}

/// <summary><c>Streams:*</c> settings: escrow is never stuck (SPEC §11 "Ticket escrow").</summary>
public sealed class StreamsOptions
{
    public const string Section = "Streams";

    /// <summary>A ticketed show still scheduled this long after its first ticket was sold is cancelled and refunded.</summary>
    public int NoShowRefundHours { get; set; } = 72;

    /// <summary>A live show ends by itself after this long.</summary>
    public int MaxLiveHours { get; set; } = 12;
}

/// <summary><c>Staff:*</c>: what staff credits may add up to (SPEC §19), beside <c>Admin:SupportAdjustmentLimit</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>The most one support member credits to wallets in any 24 hours, approved or waiting.</summary>
    public long SupportDailyCreditTokens { get; set; } = 20_000;

    /// <summary>A support member's wallet credit above this waits for a second staff member.</summary>
    public long SecondApprovalTokens { get; set; } = 5_000;
}

/// <summary><c>Admin:*</c> settings of the console.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public long SupportAdjustmentLimit { get; set; } = 10_000;

    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }
}
