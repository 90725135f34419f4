using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Payouts.ClearEarnings;

/// <summary>
/// The sweep: moves earnings whose clearing period has passed to the creators' cashable accounts, for at most
/// <paramref name="MaxCreators"/> creators per run. Reads and cash-outs already count cleared tokens as cashable
/// (<see cref="CreatorEarnings"/>); the sweep keeps the ledger's own balances close to that between draws. It
/// finds its creators without locks, then locks them and works out what cleared again, so two sweeps (or a sweep
/// and a cash-out) at once move each token once.
/// </summary>
public sealed record ClearEarnings(int MaxCreators = 500) : ICommand<ClearingResult>;

/// <summary>How many creators had cleared earnings moved, and how many tokens.</summary>
public sealed record ClearingResult(int Creators, long Tokens);

public sealed class ClearEarningsHandler(
    IDigisDbContext db, ILedger ledger, CreatorEarnings earnings)
    : ICommandHandler<ClearEarnings, ClearingResult>
{
    public async ValueTask<ClearingResult> Handle(ClearEarnings command, CancellationToken cancellationToken)
    {
        var shards = await db.Accounts.AsNoTracking()
            .Where(a => a.Kind == AccountKind.EarningsClearing && a.Balance > Tokens.Zero)
            .Select(a => new { a.Id, a.UserId, a.Balance })
            .ToListAsync(cancellationToken);
        var cleared = await earnings.ClearedAsync([.. shards.Select(s => (s.Id, s.Balance.Value))], cancellationToken);
        var creators = shards.Where(s => cleared.ContainsKey(s.Id))
            .Select(s => s.UserId!.Value).Distinct().Order().Take(command.MaxCreators).ToList();
        if (creators.Count == 0)
        {
            return new ClearingResult(0, 0);
        }

        var draw = await earnings.LockAsync(creators, cancellationToken);
        await ledger.PostAsync(draw.Settlements, cancellationToken);
        return new ClearingResult(
            draw.Settlements.Select(p => p.CreditAccountId).Distinct().Count(),
            draw.Settlements.Sum(p => p.Amount.Value));
    }
}
