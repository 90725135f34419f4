using Digis.Application.Common;

namespace Digis.Application.Calls;

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
