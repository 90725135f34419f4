using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Wallets;
using Digis.Domain.Calls;

namespace Digis.Application.Calls;

/// <summary>
/// Queues <c>callStatus</c> for both participants of changed calls, each with their own balance, to be
/// sent after commit, and counts the calls that ended (their active time, SPEC §20) once it has committed.
/// Balances already known (wallets locked by the caller) are passed in; the rest are read in one query.
/// </summary>
public sealed class CallEvents(WalletReader wallets, IPostCommitActions afterCommit, ILiveNotifier live, IMetrics metrics)
{
    private readonly HashSet<Guid> _countedEnds = [];

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
            foreach (var (user, balance) in await wallets.BalancesAsync(missing, cancellationToken))
            {
                balances[user] = balance;
            }
        }

        // Once per call however often its changes are queued in this unit of work.
        var ended = calls.Where(c => c.HasJustEnded && _countedEnds.Add(c.Id)).Select(c => c.ActiveSecondsAt(c.EndedAt!.Value)).ToList();
        if (ended.Count > 0)
        {
            afterCommit.Add(_ =>
            {
                ended.ForEach(metrics.CallEnded);
                return Task.CompletedTask;
            });
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
