using Digis.Application.Ledger;
using Digis.Domain.Ledger;

namespace Digis.Infrastructure.Ledger;

/// <summary>A row a posting returns: an account it touched (<paramref name="Account"/>), or an owner's earnings of one kind.</summary>
internal sealed record PostedRow(AccountBalance? Account, Guid Owner, AccountKind Kind, long Balance);
