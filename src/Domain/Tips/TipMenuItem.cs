using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Tips;

/// <summary>One line of a creator's tip menu (SPEC §13): a label and the price a fan pays to tip it.</summary>
public sealed class TipMenuItem
{
    public const int MaxLabelLength = 60;
    public const long MaxPrice = 100_000;

    private TipMenuItem()
    {
    }

    public Guid Id { get; private set; }

    public Guid CreatorId { get; private set; }

    public string Label { get; private set; } = "";

    public Tokens Price { get; private set; }

    public int Position { get; private set; }

    internal static TipMenuItem Create(Guid creatorId, string label, long price, int position, DateTimeOffset now) =>
        new() { Id = Ids.New(now), CreatorId = creatorId, Label = label, Price = new Tokens(price), Position = position };

    internal void MoveTo(int position) => Position = position;
}
