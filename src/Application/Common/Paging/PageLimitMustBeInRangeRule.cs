using Digis.Domain.Common;

namespace Digis.Application.Common.Paging;

/// <summary>A page holds 1 to <see cref="PageRequest.MaxLimit"/> items.</summary>
public sealed class PageLimitMustBeInRangeRule(int limit) : IBusinessRule
{
    public bool IsBroken() => limit is < 1 or > PageRequest.MaxLimit;

    public string Message => $"limit must be between 1 and {PageRequest.MaxLimit}.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "limit";
}
