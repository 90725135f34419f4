using Digis.Domain.Common;

namespace Digis.Domain.Streams;

/// <summary>A show is run by its creator alone: start, end, cancel, goal, overlay key.</summary>
public sealed class OnlyTheStreamsCreatorRule(LiveStream stream, Guid userId) : IBusinessRule
{
    public bool IsBroken() => !stream.IsOwnedBy(userId);

    public string Message => "Only the stream's creator can do this.";

    public RuleKind Kind => RuleKind.Forbidden;
}
