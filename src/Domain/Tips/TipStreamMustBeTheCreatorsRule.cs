using Digis.Domain.Common;

namespace Digis.Domain.Tips;

/// <summary>A tip into a show goes to the show's own creator.</summary>
public sealed class TipStreamMustBeTheCreatorsRule(Guid streamCreatorId, Guid creatorId) : IBusinessRule
{
    public bool IsBroken() => streamCreatorId != creatorId;

    public string Message => "The stream is not this creator's.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "streamId";
}
