using Digis.Domain.Money;

namespace Digis.Domain.Limits;

/// <summary>A cap that will be in force from <paramref name="EffectiveAt"/> (null tokens = no cap).</summary>
public sealed record PendingLimit(long? Tokens, DateTimeOffset EffectiveAt);
