using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
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
                      ELSE 0 END),
                -- Provider events: held accounts, recovered tokens and debts agree with the purchases that made them.
                (SELECT count(*) FROM accounts a
                  LEFT JOIN (SELECT user_id, sum(held_tokens) AS held FROM purchases GROUP BY user_id) p ON p.user_id = a.user_id
                  WHERE a.kind = 'Held' AND a.balance <> coalesce(p.held, 0))
                + (SELECT count(*) FROM purchases p
                  LEFT JOIN (SELECT reference_id, sum(amount) AS taken FROM transfers
                             WHERE kind IN ('PurchaseReversal', 'Chargeback') GROUP BY reference_id) t ON t.reference_id = p.id
                  WHERE p.recovered_tokens <> coalesce(t.taken, 0))
                + (SELECT count(*) FROM users u
                  LEFT JOIN (SELECT user_id, sum(unrecovered_tokens) AS owed FROM purchases GROUP BY user_id) o ON o.user_id = u.id
                  LEFT JOIN (SELECT a.user_id, sum(x.amount) AS repaid FROM transfers x JOIN accounts a ON a.id = x.debit_account_id
                             WHERE x.kind = 'DebtRepayment' GROUP BY a.user_id) r ON r.user_id = u.id
                  WHERE u.debt <> coalesce(o.owed, 0) - coalesce(r.repaid, 0))
            """,
            r => new ReconciliationReport(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6)),
            cancellationToken);
}
