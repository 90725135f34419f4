namespace Digis.Application.Common.Interfaces;

public sealed record BalanceChangedEvent(long Balance, string Kind, Guid ReferenceId);
