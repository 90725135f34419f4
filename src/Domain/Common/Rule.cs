namespace Digis.Domain.Common;

public static class Rule
{
    /// <summary>Throws <see cref="BusinessRuleValidationException"/> when the rule is broken.</summary>
    public static void Check(IBusinessRule rule)
    {
        if (rule.IsBroken())
        {
            throw new BusinessRuleValidationException(rule);
        }
    }
}
