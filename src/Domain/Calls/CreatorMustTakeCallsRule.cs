using Digis.Domain.Common;

namespace Digis.Domain.Calls;

/// <summary>A fan calls a creator who has set a rate and is taking calls now.</summary>
public sealed class CreatorMustTakeCallsRule(CallSettings? settings) : IBusinessRule
{
    public bool IsBroken() => settings is not { Available: true };

    public string Message => "The creator is not taking calls.";
}
