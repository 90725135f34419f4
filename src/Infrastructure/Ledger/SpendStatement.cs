using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Infrastructure.Persistence;
using Npgsql;

namespace Digis.Infrastructure.Ledger;

/// <summary>
/// <see cref="ISpendStatement"/> as one PostgreSQL statement. <c>locked</c> takes both row locks in
/// ascending id order (as <see cref="RowLocks"/> does); the update runs only when the payer's locked
/// balance covers the amount, so a refused spend changes nothing. Entries get their sequence numbers
/// in posting order (payer, then creator), like entries posted through the domain.
/// <para>
/// As the command's last write it carries the COMMIT (<see cref="UnitOfWork.WithCommit"/>), so the creator's
/// wallet is locked only while the statement runs and the commit is written. A spend that posts nothing must
/// then not commit what the command wrote before it (the tip row): the statement fails instead
/// (<c>refuse_spend</c>, SQLSTATE DG402, the payer's balance as the message; PostgreSQL skips the COMMIT after
/// an error), and the command fails with the insufficient-funds rule.
/// </para>
/// </summary>
internal sealed class SpendStatement(DigisDbContext db, UnitOfWork unitOfWork) : ISpendStatement
{
    private const string RefusedSqlState = "DG402";

    private const string Sql = """
        WITH locked AS (
            SELECT id, balance, user_id FROM accounts WHERE id IN (@payer, @creator) ORDER BY id FOR UPDATE
        ), moved AS (
            UPDATE accounts AS a
            SET balance = a.balance + CASE WHEN a.id = @payer THEN -@amount ELSE @amount END,
                spent = a.spent + CASE WHEN a.id = @payer THEN @amount ELSE 0 END,
                earned = a.earned + CASE WHEN a.id = @payer THEN 0 ELSE @amount END
            WHERE a.id IN (@payer, @creator)
              AND EXISTS (SELECT 1 FROM locked WHERE id = @payer AND balance >= @amount)
              AND (SELECT count(*) FROM locked) = 2
            RETURNING a.id, a.balance
        ), transfer AS (
            INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at)
            SELECT @transfer, @payer, @creator, @amount, @kind, @reference, @memo, @at
            WHERE EXISTS (SELECT 1 FROM moved)
            RETURNING id
        ), entries AS (
            INSERT INTO ledger_entries (id, account_id, transfer_id, kind, amount, balance_after,
                                        counterparty_account_id, counterparty_user_id, reference_id, memo, created_at)
            SELECT e.id, e.account_id, t.id, @kind, e.amount, m.balance, e.counterparty, c.user_id, @reference, @memo, @at
            FROM transfer t
            CROSS JOIN (VALUES (1, @payer_entry, @payer, -@amount, @creator),
                               (2, @creator_entry, @creator, @amount, @payer)) AS e(ord, id, account_id, amount, counterparty)
            JOIN moved m ON m.id = e.account_id
            JOIN locked c ON c.id = e.counterparty
            ORDER BY e.ord
        )
        SELECT m.id, l.user_id, m.balance FROM moved m JOIN locked l ON l.id = m.id
        """;

    /// <summary>Fails the statement when it moved nothing, with the payer's balance when both wallets were there.</summary>
    private const string RefusedUnlessMoved = """

        UNION ALL
        SELECT NULL, NULL, refuse_spend(CASE WHEN (SELECT count(*) FROM locked) = 2 THEN (SELECT balance FROM locked WHERE id = @payer) END)
        WHERE NOT EXISTS (SELECT 1 FROM moved)
        """;

    public async Task<SpendLegs?> TrySpendAsync(SpendPosting posting, bool lastWrite, CancellationToken cancellationToken)
    {
        var committing = lastWrite ? unitOfWork.WithCommit(Sql + RefusedUnlessMoved, finalWrite: false) : null;
        List<SpendLeg> legs;
        try
        {
            legs = await QueryAsync(committing ?? Sql, posting, cancellationToken);
        }
        catch (PostgresException refused) when (refused.SqlState == RefusedSqlState)
        {
            throw long.TryParse(refused.MessageText, out var balance)
                ? new BusinessRuleValidationException(new WalletBalanceCannotGoNegativeRule(new Tokens(balance), new Tokens(posting.Amount)))
                : new InvalidOperationException("A spend needs two distinct wallets.", refused);
        }

        if (committing is not null)
        {
            unitOfWork.Committed();
        }

        return legs.Count == 2
            ? new SpendLegs(legs.Single(l => l.AccountId == posting.PayerWalletId), legs.Single(l => l.AccountId == posting.CreatorWalletId))
            : null;
    }

    private Task<List<SpendLeg>> QueryAsync(string sql, SpendPosting posting, CancellationToken cancellationToken) =>
        db.QueryAsync(
            sql,
            reader => new SpendLeg(reader.GetGuid(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetInt64(2)),
            cancellationToken,
            ("payer", posting.PayerWalletId),
            ("creator", posting.CreatorWalletId),
            ("amount", posting.Amount),
            ("transfer", posting.TransferId),
            ("payer_entry", posting.PayerEntryId),
            ("creator_entry", posting.CreatorEntryId),
            ("kind", posting.Kind.ToString()),
            ("reference", posting.ReferenceId),
            ("memo", posting.Memo),
            ("at", posting.At));
}
