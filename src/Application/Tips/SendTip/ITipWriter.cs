using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Tips;

namespace Digis.Application.Tips.SendTip;

/// <summary>
/// Writes a whole tip as the command's last statement, sent with the COMMIT in one round trip
/// (docs/decisions/0111-a-tip-in-one-round-trip.md): the parties, the show or call it goes into, the fan's spending limits,
/// the tip row, the posting (fan wallet → <see cref="TipToWrite.EarningsAccountId"/>), the show's goal and the key with its
/// response. A refusal is the named rule the checks enforce. The posting is announced after commit like any other
/// (<see cref="LedgerEvents"/>).
/// </summary>
public interface ITipWriter
{
    Task<WrittenTip> WriteAsync(TipToWrite tip, CancellationToken cancellationToken);
}
