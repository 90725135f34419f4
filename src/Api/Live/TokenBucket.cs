namespace Digis.Api.Live;

/// <summary>
/// A token bucket refilled from the clock when it is used: at most <c>burst</c> tokens, <c>perSecond</c>
/// added back each second. No timer: an idle bucket costs nothing.
/// </summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _clock;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(double perSecond, int burst, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _perSecond = perSecond;
        _burst = burst;
        _clock = clock;
        _tokens = burst;
        _refilledAt = clock.GetTimestamp();
    }

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            Refill();
            if (_tokens < 1)
            {
                return false;
            }

            _tokens--;
            return true;
        }
    }

    /// <summary>Full again: forgetting this bucket now would give its owner nothing they would not have anyway.</summary>
    public bool IsFull
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= _burst;
            }
        }
    }

    private void Refill()
    {
        var now = _clock.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + (_clock.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond));
        _refilledAt = now;
    }
}
