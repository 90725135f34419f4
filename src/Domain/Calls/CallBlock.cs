using Digis.Domain.Money;

namespace Digis.Domain.Calls;

/// <summary>One charged 30-second block of a call; <c>(CallId, Index)</c> is unique in the database.</summary>
public sealed class CallBlock
{
    private CallBlock()
    {
    }

    public Guid CallId { get; private set; }

    public int Index { get; private set; }

    public Tokens Amount { get; private set; }

    /// <summary>When the block started (the charge is for it).</summary>
    public DateTimeOffset ChargedAt { get; private set; }

    public static CallBlock Charged(Call call, DueBlock block) => new()
    {
        CallId = call.Id,
        Index = block.Index,
        Amount = call.BlockCost,
        ChargedAt = block.StartsAt,
    };
}
