using Digis.Domain.Common;

namespace Digis.Domain.Streams;

/// <summary>Subscribers watch their creator's subscribers-only shows free: such a show has no ticket price.</summary>
public sealed class SubscribersShowHasNoTicketPriceRule(StreamAudience audience, long? ticketPrice) : IBusinessRule
{
    public bool IsBroken() => audience == StreamAudience.Subscribers && ticketPrice is not null;

    public string Message => "A show for subscribers has no ticket price.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "ticketPrice";
}
