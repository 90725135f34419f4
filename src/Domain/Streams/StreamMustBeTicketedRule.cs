using Digis.Domain.Common;

namespace Digis.Domain.Streams;

public sealed class StreamMustBeTicketedRule(LiveStream stream) : IBusinessRule
{
    public bool IsBroken() => !stream.IsTicketed;

    public string Message => "This stream is public: it needs no ticket.";

    public RuleKind Kind => RuleKind.Validation;
}
