using Digis.Domain.Money;

namespace Digis.Application.Common;

/// <summary><c>Tips:*</c> settings.</summary>
public sealed class TipsOptions
{
    public const string Section = "Tips";

    public long MaxAmount { get; set; } = Pricing.DefaultMaxTip;

    public IEnumerable<string> Problems() => OptionsRules.Within(nameof(MaxAmount), MaxAmount, Pricing.MinTip, MaxTokensMoved);

    /// <summary>The most any setting lets one movement be (one staff adjustment's bound too).</summary>
    public const long MaxTokensMoved = Domain.Staff.StaffAdjustment.MaxTokens;
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

    public IEnumerable<string> Problems()
    {
        var problems = OptionsRules.Within(nameof(HeartbeatTimeoutSeconds), HeartbeatTimeoutSeconds, 1)
            .Concat(OptionsRules.Within(nameof(MaxPauseSeconds), MaxPauseSeconds, 1))
            .Concat(OptionsRules.Within(nameof(RequestTimeoutSeconds), RequestTimeoutSeconds, 1))
            .Concat(OptionsRules.Within(nameof(MediaConnectSeconds), MediaConnectSeconds, 1))
            .Concat(OptionsRules.Within(nameof(MediaGraceSeconds), MediaGraceSeconds, 1))
            .Concat(OptionsRules.Within(nameof(TurnTtlSeconds), TurnTtlSeconds, 60))
            .ToList();
        if (IceTransportPolicy is not ("all" or "relay"))
        {
            problems.Add($"{nameof(IceTransportPolicy)} must be all or relay (it is {IceTransportPolicy}).");
        }

        if (TurnUrlList.Any(u => !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal)))
        {
            problems.Add($"{nameof(TurnUrls)} must be turn: or turns: URLs.");
        }

        if (TurnUrlList.Count > 0 && TurnSecret is not { Length: >= 16 })
        {
            problems.Add($"{nameof(TurnSecret)} of 16+ characters is needed with {nameof(TurnUrls)}.");
        }

        if (IceTransportPolicy == "relay" && TurnUrlList.Count == 0)
        {
            problems.Add($"{nameof(IceTransportPolicy)}=relay needs {nameof(TurnUrls)}.");
        }

        return problems;
    }
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

    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(MeterIntervalSeconds), MeterIntervalSeconds, 1)
            .Concat(OptionsRules.Within(nameof(BatchSize), BatchSize, 1, 100_000))
            .Concat(OptionsRules.Within(nameof(Workers), Workers, 1, 64));
}

/// <summary><c>Payouts:*</c> settings.</summary>
public sealed class PayoutsOptions
{
    public const string Section = "Payouts";

    public long MinimumTokens { get; set; } = Domain.Payouts.Cashout.DefaultMinimumTokens;

    /// <summary>How long each credit to a creator's earnings stays clearing before it is cashable (SPEC §11; 7 days).</summary>
    public long ClearingSeconds { get; set; } = 604_800;

    /// <summary>How often the API's housekeeping moves cleared earnings and closes shows left open.</summary>
    public int SweepIntervalSeconds { get; set; } = 60;

    /// <summary>The shortest clearing Production takes (SPEC §19): a day, the least a card's owner needs to notice.</summary>
    public const long MinimumProductionClearingSeconds = 86_400;

    public TimeSpan ClearingPeriod => TimeSpan.FromSeconds(ClearingSeconds);

    public IEnumerable<string> Problems(bool production) =>
        OptionsRules.Within(nameof(MinimumTokens), MinimumTokens, 1, TipsOptions.MaxTokensMoved)
            .Concat(OptionsRules.Within(
                nameof(ClearingSeconds), ClearingSeconds, production ? MinimumProductionClearingSeconds : 1, (long)TimeSpan.FromDays(3_650).TotalSeconds))
            .Concat(OptionsRules.Within(nameof(SweepIntervalSeconds), SweepIntervalSeconds, 1));
}

/// <summary><c>Streams:*</c> settings: escrow is never stuck (SPEC §11 "Ticket escrow").</summary>
public sealed class StreamsOptions
{
    public const string Section = "Streams";

    /// <summary>A ticketed show still scheduled this long after its first ticket was sold is cancelled and refunded.</summary>
    public int NoShowRefundHours { get; set; } = 72;

    /// <summary>A live show ends by itself after this long.</summary>
    public int MaxLiveHours { get; set; } = 12;

    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(NoShowRefundHours), NoShowRefundHours, 1).Concat(OptionsRules.Within(nameof(MaxLiveHours), MaxLiveHours, 1));
}

/// <summary><c>Staff:*</c>: what staff credits may add up to (SPEC §19), beside <c>Admin:SupportAdjustmentLimit</c>.</summary>
public sealed class StaffOptions
{
    public const string Section = "Staff";

    /// <summary>The most one support member credits to wallets in any 24 hours, approved or waiting.</summary>
    public long SupportDailyCreditTokens { get; set; } = 20_000;

    /// <summary>A support member's wallet credit above this waits for a second staff member.</summary>
    public long SecondApprovalTokens { get; set; } = 5_000;

    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(SupportDailyCreditTokens), SupportDailyCreditTokens, 1, TipsOptions.MaxTokensMoved)
            .Concat(OptionsRules.Within(nameof(SecondApprovalTokens), SecondApprovalTokens, 0, TipsOptions.MaxTokensMoved));
}

/// <summary><c>Admin:*</c> settings of the console.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public long SupportAdjustmentLimit { get; set; } = 10_000;

    public string? BootstrapEmail { get; set; }

    public string? BootstrapPassword { get; set; }

    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(SupportAdjustmentLimit), SupportAdjustmentLimit, 1, TipsOptions.MaxTokensMoved);
}
