using Digis.Application.Common;
using Digis.Domain.Subscriptions;

namespace Digis.Application.Subscriptions;

/// <summary><c>Subscriptions:*</c> settings (SPEC §18); tests shorten them.</summary>
public sealed class SubscriptionsOptions
{
    public const string Section = "Subscriptions";

    public int PeriodSeconds { get; set; } = 2_592_000;

    /// <summary>How often the renewal job runs in each API instance (tests with a clock of their own remove the job and run it themselves).</summary>
    public int RenewIntervalSeconds { get; set; } = 60;

    public int RetrySeconds { get; set; } = 21_600;

    public int GraceSeconds { get; set; } = 259_200;

    public int ReminderSeconds { get; set; } = 259_200;

    /// <summary>Every <c>*Seconds</c> key at least 1 s (ADR 0055): a period or a grace of zero would charge or lapse in a loop.</summary>
    public IEnumerable<string> Problems() =>
        OptionsRules.Within(nameof(PeriodSeconds), PeriodSeconds, 1)
            .Concat(OptionsRules.Within(nameof(RenewIntervalSeconds), RenewIntervalSeconds, 1))
            .Concat(OptionsRules.Within(nameof(RetrySeconds), RetrySeconds, 1))
            .Concat(OptionsRules.Within(nameof(GraceSeconds), GraceSeconds, 1))
            .Concat(OptionsRules.Within(nameof(ReminderSeconds), ReminderSeconds, 1));

    public SubscriptionSchedule Schedule =>
        new(TimeSpan.FromSeconds(PeriodSeconds), TimeSpan.FromSeconds(RetrySeconds), TimeSpan.FromSeconds(GraceSeconds));
}
