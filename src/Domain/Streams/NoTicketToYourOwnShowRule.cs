using Digis.Domain.Common;

namespace Digis.Domain.Streams;

/// <summary>A creator does not buy a ticket to their own show.</summary>
public sealed class NoTicketToYourOwnShowRule(LiveStream stream, Guid fanId) : IBusinessRule
{
    public bool IsBroken() => stream.IsOwnedBy(fanId);

    public string Message => "You cannot buy a ticket to your own show.";

    public RuleKind Kind => RuleKind.Forbidden;
}
