using Digis.Domain.Common;

namespace Digis.Application.Payouts.ReceiveConnectWebhook;

/// <summary>A signed Connect event is applied only when it reads as one: JSON with an id and a type.</summary>
internal sealed class ConnectEventMustBeReadableRule(bool unreadable) : IBusinessRule
{
    public bool IsBroken() => unreadable;

    public string Message => "The event is not valid JSON with an id and a type.";

    public RuleKind Kind => RuleKind.Validation;

    public string? Field => "body";
}
