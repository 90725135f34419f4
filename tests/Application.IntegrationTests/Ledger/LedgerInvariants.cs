using System.Globalization;
using Digis.Testing;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// The money rules of SPEC §2 checked by reading the tables, nothing else: each query returns the rows that
/// break one rule, so a failure names the accounts, transfers or spends concerned.
/// </summary>
public static class LedgerInvariants
{
    private static readonly (string Rule, string Sql)[] Checks =
    [
        ("the sum of all balances is 0",
            "SELECT sum(balance) FROM accounts HAVING coalesce(sum(balance), 0) <> 0"),
        ("every account's balance equals the sum of its entries",
            """
            SELECT a.id, a.kind, a.balance, coalesce(s.total, 0) FROM accounts a
            LEFT JOIN (SELECT account_id, sum(amount) AS total FROM ledger_entries GROUP BY account_id) s ON s.account_id = a.id
            WHERE a.balance <> coalesce(s.total, 0)
            """),
        ("every account's latest entry carries its balance",
            """
            SELECT a.id, a.kind, a.balance, e.balance_after FROM accounts a
            JOIN LATERAL (SELECT balance_after FROM ledger_entries WHERE account_id = a.id ORDER BY seq DESC LIMIT 1) e ON true
            WHERE e.balance_after <> a.balance
            """),
        ("every entry's balance_after is the running sum of its account's entries",
            """
            SELECT id, account_id, seq, balance_after, running FROM (
                SELECT id, account_id, seq, balance_after, sum(amount) OVER (PARTITION BY account_id ORDER BY seq) AS running
                FROM ledger_entries) e
            WHERE balance_after <> running
            """),
        ("no wallet is below 0",
            "SELECT id, user_id, balance FROM accounts WHERE kind = 'Wallet' AND balance < 0"),
        ("every transfer is one amount > 0 with exactly two entries: -amount on the debit, +amount on the credit account",
            """
            SELECT t.id, t.kind, t.amount, count(e.id) FROM transfers t LEFT JOIN ledger_entries e ON e.transfer_id = t.id
            GROUP BY t.id, t.kind, t.amount, t.debit_account_id, t.credit_account_id
            HAVING t.amount <= 0 OR count(e.id) <> 2
                OR count(*) FILTER (WHERE e.amount = -t.amount AND e.account_id = t.debit_account_id) <> 1
                OR count(*) FILTER (WHERE e.amount = t.amount AND e.account_id = t.credit_account_id) <> 1
            """),
        ("every entry belongs to a transfer",
            "SELECT e.id, e.transfer_id FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM transfers t WHERE t.id = e.transfer_id)"),
        // A refund from a creator's earnings is one transfer per sub-account it drew on (SPEC §11), all written by
        // one transaction (a row's xmin is the transaction that wrote it): refunded once means one such transaction.
        ("a spend is refunded at most once",
            """
            SELECT reference_id, kind, count(DISTINCT xmin::text) FROM transfers WHERE kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund')
            GROUP BY reference_id, kind HAVING count(DISTINCT xmin::text) > 1
            """),
        ("every tip is one Tip transfer of its amount, and is marked refunded exactly when refund transfers gave all of it back",
            """
            SELECT t.id, t.amount, t.refunded_at,
                (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Tip' AND x.amount = t.amount) AS paid,
                (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Tip') AS transfers,
                (SELECT coalesce(sum(x.amount), 0) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'TipRefund') AS refunded
            FROM tips t
            WHERE (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Tip') <> 1
               OR (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Tip' AND x.amount = t.amount) <> 1
               OR (SELECT coalesce(sum(x.amount), 0) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'TipRefund')
                  <> CASE WHEN t.refunded_at IS NULL THEN 0 ELSE t.amount END
            """),
        ("every ticket is one Ticket transfer of its price, and is marked refunded exactly when refund transfers gave all of it back",
            """
            SELECT t.id, t.price, t.refunded_at,
                (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Ticket' AND x.amount = t.price) AS paid,
                (SELECT coalesce(sum(x.amount), 0) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'TicketRefund') AS refunded
            FROM tickets t
            WHERE (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Ticket') <> 1
               OR (SELECT count(*) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Ticket' AND x.amount = t.price) <> 1
               OR (SELECT coalesce(sum(x.amount), 0) FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'TicketRefund')
                  <> CASE WHEN t.refunded_at IS NULL THEN 0 ELSE t.price END
            """),
        ("a show's tallies less its refunded tips are what its tips add up to, in all and since its goal was set",
            """
            SELECT s.id, y.tallied, y.since_goal, t.refunded, t.tipped, t.refunded_since_goal, t.tipped_since_goal
            FROM streams s
            LEFT JOIN stream_goals g ON g.stream_id = s.id
            CROSS JOIN LATERAL (SELECT coalesce(sum(tokens), 0) AS tallied,
                                       coalesce(sum(goal_tokens) FILTER (WHERE goal_set_at = g.set_at), 0) AS since_goal
                                FROM stream_tip_tallies WHERE stream_id = s.id) y
            CROSS JOIN LATERAL (SELECT coalesce(sum(amount) FILTER (WHERE refunded_at IS NOT NULL), 0) AS refunded,
                                       coalesce(sum(amount) FILTER (WHERE refunded_at IS NULL), 0) AS tipped,
                                       coalesce(sum(amount) FILTER (WHERE refunded_at IS NOT NULL AND created_at >= g.set_at), 0) AS refunded_since_goal,
                                       coalesce(sum(amount) FILTER (WHERE refunded_at IS NULL AND created_at >= g.set_at), 0) AS tipped_since_goal
                                FROM tips WHERE stream_id = s.id) t
            WHERE y.tallied - t.refunded <> t.tipped OR y.since_goal - t.refunded_since_goal <> t.tipped_since_goal
            """),
        ("every ticket of a cancelled show is refunded",
            "SELECT t.id, t.stream_id FROM tickets t JOIN streams s ON s.id = t.stream_id WHERE s.status = 'Cancelled' AND t.refunded_at IS NULL"),
        ("a call's blocks, its totals and its CallBlock transfers agree; a refunded call has one refund of at most what it charged",
            """
            SELECT c.id, c.status, c.blocks_billed, c.total_charged, b.n, b.total, x.n, x.total, r.n, r.total, c.refunded_at
            FROM calls c
            LEFT JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM call_blocks WHERE call_id = c.id) b ON true
            LEFT JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM transfers WHERE reference_id = c.id AND kind = 'CallBlock') x ON true
            LEFT JOIN LATERAL (SELECT count(DISTINCT xmin::text) AS n, coalesce(sum(amount), 0) AS total FROM transfers WHERE reference_id = c.id AND kind = 'CallBlockRefund') r ON true
            WHERE b.n <> c.blocks_billed OR b.total <> c.total_charged OR x.n <> c.blocks_billed OR x.total <> c.total_charged
               OR r.n <> CASE WHEN c.refunded_at IS NULL THEN 0 ELSE 1 END OR r.total > c.total_charged
            """),
        ("every cash-out is one Cashout transfer; one settlement once its Stripe transfer exists (paid, or failed after it); one reversal when rejected or failed; pending and approved ones neither",
            """
            SELECT c.id, c.status, c.tokens,
                (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'Cashout' AND x.amount = c.tokens),
                (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'CashoutSettlement' AND x.amount = c.tokens),
                (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'CashoutReversal' AND x.amount = c.tokens)
            FROM cashouts c
            WHERE (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'Cashout' AND x.amount = c.tokens) <> 1
               OR (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'CashoutSettlement')
                  <> CASE WHEN c.status = 'Paid' OR (c.status = 'Failed' AND c.paid_at IS NOT NULL) THEN 1 ELSE 0 END
               OR (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'CashoutReversal')
                  <> CASE WHEN c.status IN ('Rejected', 'Failed') THEN 1 ELSE 0 END
               OR (c.status = 'Paid') <> (c.transfer_id IS NOT NULL AND c.failed_at IS NULL)
            """),
        ("payouts-pending holds the tokens of pending and approved cash-outs and payouts-settled those of paid ones: no cash-out paid twice or lost",
            """
            SELECT a.kind, a.balance, c.held FROM accounts a
            CROSS JOIN LATERAL (SELECT coalesce(sum(tokens), 0) AS held FROM cashouts
                                WHERE status IN (CASE WHEN a.kind = 'PayoutsPending' THEN 'Pending' ELSE 'Paid' END,
                                                 CASE WHEN a.kind = 'PayoutsPending' THEN 'Approved' ELSE 'Paid' END)) c
            WHERE a.kind IN ('PayoutsPending', 'PayoutsSettled') AND a.balance <> c.held
            """),
        ("a completed purchase credited its tokens once; no other purchase credited anything",
            """
            SELECT p.id, p.status, p.tokens, (SELECT count(*) FROM transfers x WHERE x.reference_id = p.id AND x.kind = 'Purchase')
            FROM purchases p
            WHERE (SELECT count(*) FROM transfers x WHERE x.reference_id = p.id AND x.kind = 'Purchase' AND x.amount = p.tokens)
                  <> CASE WHEN p.status IN ('Completed', 'Refunded') THEN 1 ELSE 0 END
               OR (SELECT count(*) FROM transfers x WHERE x.reference_id = p.id AND x.kind = 'Purchase')
                  <> CASE WHEN p.status IN ('Completed', 'Refunded') THEN 1 ELSE 0 END
            """),
        ("a staff adjustment moves its tokens once",
            "SELECT reference_id, count(*) FROM transfers WHERE kind = 'Adjustment' GROUP BY reference_id HAVING count(*) > 1"),
    ];

    /// <summary>Every broken rule with (at most five of) the rows that break it; empty when the ledger is sound.</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(DigisApiFactory app) =>
        (await BrokenRowsAsync(app)).GroupBy(b => b.Rule)
            .Select(g => $"BROKEN: {g.Key}: {g.Count()} row(s): {string.Join(" ", g.Take(5).Select(b => b.Row))}")
            .ToList();

    /// <summary>Each row that breaks a rule, as (rule, the row's values), so two readings can be compared.</summary>
    public static async Task<IReadOnlyList<(string Rule, string Row)>> BrokenRowsAsync(DigisApiFactory app)
    {
        var broken = new List<(string Rule, string Row)>();
        foreach (var (rule, sql) in Checks)
        {
            foreach (var row in await app.RowsAsync(sql))
            {
                broken.Add((rule, "(" + string.Join(", ", row.Select(Format)) + ")"));
            }
        }

        return broken;
    }

    public static async Task AssertHoldAsync(DigisApiFactory app)
    {
        var violations = await ViolationsAsync(app);
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
