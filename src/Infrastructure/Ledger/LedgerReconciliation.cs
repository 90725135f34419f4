using Digis.Application.Common.Interfaces;
using Digis.Infrastructure.Persistence;

namespace Digis.Infrastructure.Ledger;

internal sealed class LedgerReconciliation(DigisDbContext db) : ILedgerReconciliation
{
    public Task<ReconciliationReport> CheckAsync(CancellationToken cancellationToken) =>
        db.QuerySingleAsync(
            """
            WITH sums AS (
                SELECT account_id, sum(amount) AS total, max(seq) AS last_seq
                FROM ledger_entries GROUP BY account_id)
            SELECT
                (SELECT coalesce(sum(balance), 0)::bigint FROM accounts),
                (SELECT count(*) FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
                  WHERE a.balance <> coalesce(s.total, 0)),
                (SELECT count(*) FROM accounts WHERE kind NOT IN ('Issuance', 'Adjustments') AND balance < 0),
                (SELECT count(*) FROM (SELECT transfer_id FROM ledger_entries GROUP BY transfer_id
                  HAVING sum(amount) <> 0 OR count(*) <> 2) t)
                + (SELECT count(*) FROM transfers t WHERE NOT EXISTS
                  (SELECT 1 FROM ledger_entries e WHERE e.transfer_id = t.id)),
                (SELECT count(*) FROM accounts a JOIN sums s ON s.account_id = a.id
                  JOIN ledger_entries e ON e.account_id = s.account_id AND e.seq = s.last_seq WHERE e.balance_after <> a.balance),
                -- A show's escrow holds at most what its unrefunded tickets paid (tickets sold before escrow existed were
                -- paid to the creator), and nothing once the show has ended or was cancelled.
                (SELECT count(*) FROM streams s JOIN accounts a ON a.id = earnings_account_id(s.id, 'escrow')
                  WHERE a.balance > CASE WHEN s.status IN ('Scheduled', 'Live')
                      THEN (SELECT coalesce(sum(t.price), 0) FROM tickets t WHERE t.stream_id = s.id AND t.refunded_at IS NULL)
                      ELSE 0 END)
            """,
            r => new ReconciliationReport(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
            cancellationToken);
}
