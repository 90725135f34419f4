using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls;

/// <summary>
/// Queues <c>callStatus</c> for both participants of changed calls, each with their own balance, to be
/// sent after commit. Balances already known (wallets locked by the caller) are passed in; the rest are
/// read in one query.
/// </summary>
public sealed class CallEvents(IDigisDbContext db, IPostCommitActions afterCommit, ILiveNotifier live)
{
    public async Task QueueAsync(IReadOnlyCollection<Call> calls, IReadOnlyDictionary<Guid, long>? knownBalances, CancellationToken cancellationToken)
    {
        if (calls.Count == 0)
        {
            return;
        }

        var balances = knownBalances is null ? new Dictionary<Guid, long>() : new Dictionary<Guid, long>(knownBalances);
        var missing = calls.SelectMany(c => new[] { c.FanId, c.CreatorId }).Where(id => !balances.ContainsKey(id)).Distinct().ToArray();
        if (missing.Length > 0)
        {
            var read = await db.Users.AsNoTracking()
                .Where(u => missing.Contains(u.Id))
                .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { u.Id, a.Balance })
                .ToListAsync(cancellationToken);
            foreach (var row in read)
            {
                balances[row.Id] = row.Balance.Value;
            }
        }

        foreach (var call in calls)
        {
            var fanBalance = balances.GetValueOrDefault(call.FanId);
            var low = call.IsLive && fanBalance < call.BlockCost.Value * 2;
            foreach (var userId in new[] { call.FanId, call.CreatorId })
            {
                var status = new CallStatusEvent(
                    call.Id,
                    DigisJson.Kebab(call.Status),
                    call.EndReason is { } reason ? DigisJson.Kebab(reason) : null,
                    call.BlocksBilled,
                    call.TotalCharged.Value,
                    balances.GetValueOrDefault(userId),
                    low);
                afterCommit.Add(ct => live.CallStatusAsync(userId, status, ct));
            }
        }
    }
}
