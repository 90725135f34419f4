using Digis.Domain.Common;

namespace Digis.Application.Payments.ReceivePaymentWebhook;

/// <summary>A signed provider event is applied only when it reads as one: JSON with an id and a type.</summary>
internal sealed class ProviderEventMustBeReadableRule(PaymentEvent? evt) : IBusinessRule
{
    public bool IsBroken() => evt is null;

    public string Message => "The event is not valid JSON with an id and a type.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "body";
}
