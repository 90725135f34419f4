using Digis.Domain.Ledger;

namespace Digis.Application.Ledger;

/// <summary>An account as the ledger left it: its owner (null for system accounts), kind and balance.</summary>
public sealed record AccountBalance(Guid AccountId, Guid? UserId, AccountKind Kind, long Balance);
