using Digis.Application.Payouts;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Microsoft.Extensions.Options;

namespace Digis.Application.Ledger;

/// <summary>
/// How use cases read and draw on creators' earnings (SPEC §11, docs/decisions/0006-earnings-clear-by-sub-account.md).
/// What has cleared (<see cref="Clearing"/>) is worked out here, from the credits each clearing sub-account received
/// within <c>Payouts:ClearingSeconds</c> (but for trusted fans' spends, within <c>Payouts:TrustedClearingSeconds</c>,
/// SPEC §16): for a read without locks (<see cref="ClearedAsync"/>), and for a draw, with the
/// accounts locked, whose posting moves what cleared to the cashable account first (<see cref="LockAsync"/>). So two
/// instances, or a sweep and a cash-out, racing for one creator move each cleared token once: the second finds it moved.
/// </summary>
public sealed class CreatorEarnings(ILedger ledger, IOptions<PayoutsOptions> options, TimeProvider clock)
{
    /// <summary>What has cleared by now in each of these clearing sub-accounts (those where nothing has are absent).</summary>
    public async Task<IReadOnlyDictionary<Guid, long>> ClearedAsync(
        IReadOnlyCollection<(Guid Account, long Balance)> clearing, CancellationToken cancellationToken)
    {
        var holding = clearing.Where(s => s.Balance > 0).ToList();
        if (holding.Count == 0)
        {
            return new Dictionary<Guid, long>();
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        var accounts = holding.Select(s => s.Account).ToList();
        var since = now - settings.ClearingPeriod;
        var young = await ledger.CreditsSinceAsync(accounts, since, cancellationToken);
        // Trusted fans' spends clear sooner (SPEC §16): those older than the trusted period no longer count as young.
        var trusted = young.Count == 0
            ? young
            : await ledger.TrustedCreditsAsync(accounts, since, now - settings.TrustedClearingPeriod, settings.TrustedAfter, TransferKinds.Spends, cancellationToken);
        return holding
            .Select(s => (s.Account, Cleared: Clearing.Cleared(s.Balance, young.GetValueOrDefault(s.Account) - trusted.GetValueOrDefault(s.Account))))
            .Where(s => s.Cleared > 0)
            .ToDictionary(s => s.Account, s => s.Cleared);
    }

    /// <summary>
    /// Locks the earnings of <paramref name="creatorIds"/> together with <paramref name="alsoLock"/> and the wallets
    /// of <paramref name="walletsOf"/> (every other account the caller will post to), in one ascending statement,
    /// and works out what has cleared.
    /// </summary>
    public async Task<EarningsDraw> LockAsync(
        IReadOnlyCollection<Guid> creatorIds,
        CancellationToken cancellationToken,
        IReadOnlyCollection<Guid>? alsoLock = null,
        IReadOnlyCollection<Guid>? walletsOf = null)
    {
        var earnings = creatorIds.SelectMany(c => EarningsAccounts.AllClearing(c).Append(EarningsAccounts.Cashable(c))).ToList();
        var locked = await ledger.LockAsync([.. earnings, .. alsoLock ?? []], walletsOf ?? [], cancellationToken);
        // After the lock, in a statement of its own: the credits it reads are every credit these accounts hold.
        var cleared = await ClearedAsync(
            [.. locked.Values.Where(a => a.Kind == AccountKind.EarningsClearing).Select(a => (a.AccountId, a.Balance))], cancellationToken);
        return new EarningsDraw(creatorIds, locked, cleared, Ids.New(clock.GetUtcNow()));
    }
}
