using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>A fan blocked by <see cref="MediaFailureLimit"/> asks for a call: 429 <c>rate-limited</c> until the block ends.</summary>
public sealed class RepeatedMediaFailuresBlockCallRequestsRule(DateTimeOffset? blockedUntil, DateTimeOffset now) : IBusinessRule
{
    public DateTimeOffset BlockedUntil { get; } = blockedUntil ?? now;

    public TimeSpan RetryAfter => BlockedUntil - now;

    public bool IsBroken() => blockedUntil > now;

    public string Message =>
        $"Your last {MediaFailureLimit.Failures} calls could not connect their video; you can request calls again at {BlockedUntil:u}.";
}
