namespace Digis.Domain.Common;

public sealed class BusinessRuleValidationException(IBusinessRule brokenRule)
    : DomainException(brokenRule.Message)
{
    public IBusinessRule BrokenRule { get; } = brokenRule;
}
