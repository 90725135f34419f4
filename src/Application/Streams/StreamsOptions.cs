using Digis.Application.Common;

namespace Digis.Application.Streams;

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
