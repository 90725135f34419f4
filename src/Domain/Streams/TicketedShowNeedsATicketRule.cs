using Digis.Domain.Common;

namespace Digis.Domain.Streams;

/// <summary>What happens in a ticketed show (a tip into it) needs the fan's ticket.</summary>
public sealed class TicketedShowNeedsATicketRule(bool fanHasATicket) : IBusinessRule
{
    public bool IsBroken() => !fanHasATicket;

    public string Message => "This show needs a ticket.";

    public RuleKind Kind => RuleKind.Forbidden;
}
