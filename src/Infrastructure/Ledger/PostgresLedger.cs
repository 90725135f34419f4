using System.Globalization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Infrastructure.Persistence;
using Npgsql;

namespace Digis.Infrastructure.Ledger;

/// <summary>
/// <see cref="ILedger"/> on PostgreSQL. Posting is one call of the database function <c>post_transfers</c>
/// (migration <c>Initial</c>), which owns every posting rule: lock order, no wallet below zero, two entries
/// per transfer with their balance after, lifetime figures. This class only passes the postings as arrays
/// and turns the function's refusals into the application's errors.
/// </summary>
internal sealed class PostgresLedger(DigisDbContext db) : ILedger
{
    private const string InsufficientFunds = "DG402";

    public async Task<IReadOnlyDictionary<Guid, AccountBalance>> LockAsync(
        IReadOnlyCollection<Guid> accountIds, IReadOnlyCollection<Guid> walletsOf, CancellationToken cancellationToken)
    {
        var ids = accountIds.Distinct().ToArray();
        var owners = walletsOf.Distinct().ToArray();
        // Ids and owners are two key lookups (no OR, which only a bitmap scan serves), then one sorted lock.
        var accounts = await db.QueryAsync(
            """
            SELECT id, user_id, balance FROM accounts
            WHERE id IN (SELECT unnest(@ids) UNION SELECT id FROM accounts WHERE user_id = ANY (@owners))
            ORDER BY id FOR UPDATE
            """,
            r => new AccountBalance(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetInt64(2)),
            cancellationToken,
            ("ids", ids),
            ("owners", owners));
        var byId = accounts.ToDictionary(a => a.AccountId);
        if (!ids.All(byId.ContainsKey) || accounts.Count(a => a.UserId is { } owner && owners.Contains(owner)) != owners.Length)
        {
            throw new NotFoundException("The account");
        }

        return byId;
    }

    public async Task<IReadOnlyList<AccountBalance>> PostAsync(
        IReadOnlyList<Posting> postings, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (postings.Count == 0)
        {
            return [];
        }

        try
        {
            return await db.QueryAsync(
                "SELECT account_id, user_id, balance FROM post_transfers(@ids, @debits, @credits, @amounts, @kinds, @references, @memos, @at)",
                r => new AccountBalance(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetGuid(1), r.GetInt64(2)),
                cancellationToken,
                ("ids", postings.Select(_ => Ids.New(at)).ToArray()),
                ("debits", postings.Select(p => p.DebitAccountId).ToArray()),
                ("credits", postings.Select(p => p.CreditAccountId).ToArray()),
                ("amounts", postings.Select(p => p.Amount.Value).ToArray()),
                ("kinds", postings.Select(p => p.Kind.ToString()).ToArray()),
                ("references", postings.Select(p => p.ReferenceId).ToArray()),
                ("memos", postings.Select(p => p.Memo).ToArray()),
                ("at", at));
        }
        catch (PostgresException refused) when (refused.SqlState == InsufficientFunds)
        {
            // '<account> <balance before> <amount>' of the first entry that would have gone below zero.
            var figures = refused.MessageText.Split(' ');
            throw new BusinessRuleValidationException(new WalletBalanceCannotGoNegativeRule(
                new Tokens(long.Parse(figures[1], CultureInfo.InvariantCulture)),
                new Tokens(long.Parse(figures[2], CultureInfo.InvariantCulture))));
        }
    }
}
