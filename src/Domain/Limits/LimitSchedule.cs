using Digis.Domain.Money;

namespace Digis.Domain.Limits;

/// <summary>One cap: <paramref name="Current"/> until <paramref name="NextAt"/>, then <paramref name="Next"/>.</summary>
public readonly record struct LimitSchedule(long? Current, long? Next, DateTimeOffset? NextAt)
{
    public long? At(DateTimeOffset at) => NextAt is { } from && from <= at ? Next : Current;

    public PendingLimit? PendingAt(DateTimeOffset at) => NextAt is { } from && from > at ? new PendingLimit(Next, from) : null;

    public LimitSchedule Set(long? value, DateTimeOffset now)
    {
        var inForce = At(now);
        if (value == inForce)
        {
            return new LimitSchedule(inForce, null, null); // back to what holds now: nothing pending
        }

        if (value is { } lower && (inForce is null || lower < inForce))
        {
            return new LimitSchedule(lower, null, null); // lowering: at once
        }

        // Raising or removing: later. Asking again for the change already pending keeps its time.
        return PendingAt(now) is { } pending && pending.Tokens == value
            ? new LimitSchedule(inForce, value, pending.EffectiveAt)
            : new LimitSchedule(inForce, value, now + SpendingLimits.RaiseDelay);
    }
}
