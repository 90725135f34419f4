using System.Globalization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Ledger;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Infrastructure.Persistence;
using Npgsql;

namespace Digis.Infrastructure.Ledger;

/// <summary>
/// <see cref="ILedger"/> on PostgreSQL. Posting is one call of the database function <c>post_transfers</c>
/// (<c>Ledger/Sql/post_transfers.sql</c>), which owns every posting rule: lock order, no wallet below zero, two entries
/// per transfer with their balance after, lifetime figures. This class only passes the postings as arrays
/// and turns the function's refusals into the application's errors; what it posted is announced after commit
/// (<see cref="LedgerEvents"/>).
/// </summary>
internal sealed class PostgresLedger(DigisDbContext db, LedgerEvents events, TimeProvider clock) : ILedger
{
    internal const string InsufficientFunds = "DG402";

    private static AccountBalance ReadAccount(System.Data.Common.DbDataReader r) =>
        new(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), Enum.Parse<AccountKind>(r.GetString(2)), r.GetInt64(3));

    public async Task<IReadOnlyDictionary<Guid, AccountBalance>> LockAsync(
        IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<Guid> walletsOf, CancellationToken cancellationToken)
    {
        var ids = accountIds.Distinct().ToArray();
        var owners = walletsOf.Distinct().ToArray();
        // lock_accounts: ids and owners' wallets are two key lookups (no OR, which only a bitmap scan serves), then one
        // sorted FOR UPDATE — a function of the ledger's, as a row lock needs the UPDATE right the API's role does not have.
        var accounts = await db.QueryAsync(
            "SELECT id, user_id, kind, balance FROM lock_accounts(@ids, @owners)",
            ReadAccount,
            cancellationToken,
            ("ids", ids),
            ("owners", owners));
        var byId = accounts.ToDictionary(a => a.AccountId);
        var ownerSet = owners.ToHashSet(); // a metering batch names a thousand owners: no scan of them per account
        if (!ids.All(byId.ContainsKey) || accounts.Count(a => a.Kind == AccountKind.Wallet && ownerSet.Contains(a.UserId!.Value)) != owners.Length)
        {
            throw new NotFoundException("The account");
        }

        return byId;
    }

    public Task OpenAsync(IReadOnlyCollection<Account> accounts, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "SELECT open_accounts(@ids, @kinds, @owners)",
            cancellationToken,
            ("ids", accounts.Select(a => a.Id).ToArray()),
            ("kinds", accounts.Select(a => a.Kind.ToString()).ToArray()),
            ("owners", accounts.Select(a => a.UserId).ToArray()));

    public async Task<IReadOnlyDictionary<Guid, long>> CreditsSinceAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return new Dictionary<Guid, long>();
        }

        var credits = await db.QueryAsync(
            """
            SELECT account_id, sum(amount)::bigint FROM ledger_entries
            WHERE account_id = ANY (@ids) AND amount > 0 AND created_at > @since
            GROUP BY account_id
            """,
            r => (Account: r.GetGuid(0), Credits: r.GetInt64(1)),
            cancellationToken,
            ("ids", accountIds.ToArray()),
            ("since", since));
        return credits.ToDictionary(c => c.Account, c => c.Credits);
    }

    public async Task<IReadOnlyDictionary<Guid, long>> TrustedCreditsAsync(
        IReadOnlyCollection<Guid> accountIds, DateTimeOffset since, DateTimeOffset until, TimeSpan trustedAfter,
        IReadOnlyCollection<TransferKind> spends, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0 || until <= since)
        {
            return new Dictionary<Guid, long>();
        }

        // A fan's purchases are few; the credits are those of one creator's clearing sub-accounts in the window.
        var credits = await db.QueryAsync(
            """
            SELECT e.account_id, sum(e.amount)::bigint FROM ledger_entries e
            WHERE e.account_id = ANY (@ids) AND e.amount > 0 AND e.created_at > @since AND e.created_at <= @until
              AND e.kind = ANY (@spends) AND e.counterparty_user_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM purchases p WHERE p.user_id = e.counterparty_user_id AND p.completed_at IS NOT NULL)
              AND NOT EXISTS (
                  SELECT 1 FROM purchases p WHERE p.user_id = e.counterparty_user_id
                    AND ((p.completed_at > e.created_at - @trusted_after AND p.completed_at <= e.created_at)
                         OR p.dispute <> 'None' OR p.refunded_cents > 0 OR p.status IN ('Refunded', 'Disputed', 'ChargedBack')))
            GROUP BY e.account_id
            """,
            r => (Account: r.GetGuid(0), Credits: r.GetInt64(1)),
            cancellationToken,
            ("ids", accountIds.ToArray()),
            ("since", since),
            ("until", until),
            ("trusted_after", trustedAfter),
            ("spends", spends.Select(k => k.ToString()).ToArray()));
        return credits.ToDictionary(c => c.Account, c => c.Credits);
    }

    public async Task<Posted> PostAsync(IReadOnlyList<Posting> postings, CancellationToken cancellationToken)
    {
        if (postings.Count == 0)
        {
            return Posted.Nothing;
        }

        var at = clock.GetUtcNow();
        try
        {
            // Rows with an account are the accounts touched; rows without one are their owners' earnings, summed by kind.
            var rows = await db.QueryAsync(
                "SELECT account_id, user_id, kind, balance FROM post_transfers(@ids, @debits, @credits, @amounts, @kinds, @references, @memos, @at)",
                ReadPostedRow,
                cancellationToken,
                ("ids", postings.Select(_ => Ids.New(at)).ToArray()),
                ("debits", postings.Select(p => p.DebitAccountId).ToArray()),
                ("credits", postings.Select(p => p.CreditAccountId).ToArray()),
                ("amounts", postings.Select(p => p.Amount.Value).ToArray()),
                ("kinds", postings.Select(p => p.Kind.ToString()).ToArray()),
                ("references", postings.Select(p => p.ReferenceId).ToArray()),
                ("memos", postings.Select(p => p.Memo).ToArray()),
                ("at", at));
            var posted = ToPosted(postings, rows);
            events.Announce(posted);
            return posted;
        }
        catch (PostgresException refused) when (refused.SqlState == InsufficientFunds)
        {
            throw Refusal(refused);
        }
    }

    /// <summary>A row of <c>post_transfers</c> (its first four columns): an account touched, or an owner's earnings of one kind.</summary>
    internal static PostedRow ReadPostedRow(System.Data.Common.DbDataReader r) =>
        new(r.IsDBNull(0) ? null : ReadAccount(r), r.IsDBNull(1) ? Guid.Empty : r.GetGuid(1), Enum.Parse<AccountKind>(r.GetString(2)), r.GetInt64(3));

    internal static Posted ToPosted(IReadOnlyList<Posting> postings, IReadOnlyList<PostedRow> rows)
    {
        var earnings = rows.Where(r => r.Account is null).GroupBy(r => r.Owner).ToDictionary(
            owner => owner.Key,
            owner => new EarningsFigures(
                owner.Where(r => r.Kind == AccountKind.Escrow).Sum(r => r.Balance),
                owner.Where(r => r.Kind == AccountKind.EarningsClearing).Sum(r => r.Balance),
                owner.Where(r => r.Kind == AccountKind.EarningsCashable).Sum(r => r.Balance)));
        return new Posted(postings, [.. rows.Where(r => r.Account is not null).Select(r => r.Account!)], earnings);
    }

    /// <summary>
    /// <c>post_transfers</c>' refusal (SQLSTATE DG402, '&lt;account&gt; &lt;balance before&gt; &lt;amount&gt;' of the first entry
    /// that would have gone below zero) as the rule it enforces.
    /// </summary>
    internal static BusinessRuleValidationException Refusal(PostgresException refused)
    {
        var figures = refused.MessageText.Split(' ');
        return new BusinessRuleValidationException(new WalletBalanceCannotGoNegativeRule(
            new Tokens(long.Parse(figures[1], CultureInfo.InvariantCulture)),
            new Tokens(long.Parse(figures[2], CultureInfo.InvariantCulture))));
    }
}
