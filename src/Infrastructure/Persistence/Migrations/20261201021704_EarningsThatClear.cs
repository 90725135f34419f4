using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Earnings apart from spending (SPEC §11, docs/DECISIONS.md "Earnings that clear"): a user owns several
    /// accounts; creators get clearing sub-accounts and a cashable account, ticketed shows an escrow; the posting
    /// function keeps every owned account's lifetime figures and answers the owners' earnings; what creators had
    /// earned before (in their wallets) becomes cashable.
    /// </summary>
    public partial class EarningsThatClear : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_user_id",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_account_id_created_at",
                table: "ledger_entries",
                columns: new[] { "account_id", "created_at" },
                filter: "amount > 0")
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_user_id_kind",
                table: "accounts",
                columns: new[] { "user_id", "kind" });

            migrationBuilder.Sql(""""
                -- The ids of a creator's earnings accounts and a show's escrow, derived from the owner's id: the first
                -- 16 bytes of sha256('<owner>:<part>'), exactly as Digis.Domain.Ledger.EarningsAccounts derives them.
                CREATE FUNCTION earnings_account_id(owner uuid, part text) RETURNS uuid
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT substr(encode(sha256(convert_to(owner::text || ':' || part, 'UTF8')), 'hex'), 1, 32)::uuid
                $$;

                -- Opens a creator's earnings (a no-op for accounts that exist): clearing sub-accounts 0..shards-1 and
                -- the cashable account. Run when a user is provisioned, or turns, as a creator.
                CREATE FUNCTION open_earnings(creator uuid, shards int) RETURNS void
                LANGUAGE sql VOLATILE AS $$
                    INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                    SELECT earnings_account_id(creator, 'clearing:' || s), 'EarningsClearing', creator, 0, 0, 0, 0, 0
                    FROM generate_series(0, shards - 1) AS s
                    UNION ALL
                    SELECT earnings_account_id(creator, 'cashable'), 'EarningsCashable', creator, 0, 0, 0, 0, 0
                    ON CONFLICT (id) DO NOTHING
                $$;

                DROP FUNCTION post_transfers(uuid[], uuid[], uuid[], bigint[], text[], uuid[], text[], timestamptz);
                -- The one place tokens move (docs/DECISIONS.md, "One posting path"). Posts the transfers described by the
                -- arrays (the i-th element of each is the i-th transfer), in array order, all or nothing:
                --   1. locks every account named, in ascending id order, so concurrent postings never deadlock;
                --   2. writes the transfers (the table's checks: an amount above 0, two distinct accounts that exist);
                --   3. refuses the whole call when an entry would take an account that may not go negative (every one
                --      but issuance and adjustments) below zero: SQLSTATE DG402, the message '<account> <balance
                --      before> <amount>' of the first such entry;
                --   4. writes each transfer's two entries, debit first, each with the account's balance after it
                --      (entries get their sequence numbers in posting order), and moves the balances and the lifetime
                --      figures of every account a user owns (wallet, earnings, escrow; summed when read).
                -- Returns every account it touched as it now is and, for each user whose earnings or escrow it touched,
                -- one row per kind of those accounts with no account id and their summed balance (what the creator's
                -- earningsChanged event says), so a posting costs no second round trip to read them.
                CREATE FUNCTION post_transfers(
                    transfer_ids uuid[], debit_ids uuid[], credit_ids uuid[], amounts bigint[], kinds text[],
                    reference_ids uuid[], memos text[], posted_at timestamptz)
                RETURNS TABLE (account_id uuid, user_id uuid, kind text, balance bigint)
                LANGUAGE plpgsql VOLATILE
                -- Plan each statement once per connection: with the default, PostgreSQL re-plans these array-driven
                -- statements on every call (docs/DECISIONS.md, "Performance settings").
                SET plan_cache_mode = force_generic_plan
                AS $$
                #variable_conflict use_column
                DECLARE
                    short record;
                BEGIN
                    PERFORM 1 FROM accounts a WHERE a.id = ANY (debit_ids || credit_ids) ORDER BY a.id FOR UPDATE;

                    INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at)
                    SELECT p.transfer_id, p.debit_id, p.credit_id, p.amount, p.kind, p.reference_id, p.memo, posted_at
                    FROM unnest(transfer_ids, debit_ids, credit_ids, amounts, kinds, reference_ids, memos)
                        WITH ORDINALITY AS p(transfer_id, debit_id, credit_id, amount, kind, reference_id, memo, n)
                    ORDER BY p.n;

                    WITH legs AS (
                        SELECT p.n, 0 AS side, p.debit_id AS id, -p.amount AS amount
                        FROM unnest(debit_ids, amounts) WITH ORDINALITY AS p(debit_id, amount, n)
                        UNION ALL
                        SELECT p.n, 1, p.credit_id, p.amount
                        FROM unnest(credit_ids, amounts) WITH ORDINALITY AS p(credit_id, amount, n)
                    ), running AS (
                        SELECT l.n, l.side, l.id, l.amount, a.kind,
                               a.balance + sum(l.amount) OVER (PARTITION BY l.id ORDER BY l.n, l.side) AS balance_after
                        FROM legs l JOIN accounts a ON a.id = l.id
                    )
                    SELECT r.id, r.balance_after - r.amount AS before, -r.amount AS required INTO short
                    FROM running r
                    WHERE r.balance_after < 0 AND r.kind NOT IN ('Issuance', 'Adjustments')
                    ORDER BY r.n, r.side LIMIT 1;
                    IF FOUND THEN
                        RAISE EXCEPTION USING ERRCODE = 'DG402', MESSAGE = format('%s %s %s', short.id, short.before, short.required);
                    END IF;

                    RETURN QUERY
                    WITH p AS (
                        SELECT * FROM unnest(transfer_ids, debit_ids, credit_ids, amounts, kinds, reference_ids, memos)
                            WITH ORDINALITY AS p(transfer_id, debit_id, credit_id, amount, kind, reference_id, memo, n)
                    ), legs AS (
                        SELECT p.n, 0 AS side, p.debit_id AS id, -p.amount AS amount, p.credit_id AS counterparty,
                               p.transfer_id, p.kind, p.reference_id, p.memo
                        FROM p
                        UNION ALL
                        SELECT p.n, 1, p.credit_id, p.amount, p.debit_id, p.transfer_id, p.kind, p.reference_id, p.memo
                        FROM p
                    ), running AS (
                        SELECT l.*, a.balance + sum(l.amount) OVER (PARTITION BY l.id ORDER BY l.n, l.side) AS balance_after
                        FROM legs l JOIN accounts a ON a.id = l.id
                    ), entries_written AS (
                        INSERT INTO ledger_entries (id, account_id, transfer_id, kind, amount, balance_after,
                                                    counterparty_account_id, counterparty_user_id, reference_id, memo, created_at)
                        SELECT uuid_v7(posted_at), r.id, r.transfer_id, r.kind, r.amount, r.balance_after,
                               r.counterparty, c.user_id, r.reference_id, r.memo, posted_at
                        FROM running r JOIN accounts c ON c.id = r.counterparty
                        ORDER BY r.n, r.side
                    ), totals AS (
                        -- A wallet's lifetime figures, from its own side of each entry: purchased (less reversed
                        -- purchases), spent on creators (less refunds received), earned from fans (less refunds given),
                        -- cashed out (less rejected cash-outs).
                        SELECT l.id,
                               sum(l.amount) AS moved,
                               coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('Purchase', 'PurchaseReversal')), 0) AS purchased,
                               coalesce(-sum(l.amount) FILTER (WHERE (l.kind IN ('Tip', 'Ticket', 'CallBlock') AND l.amount < 0)
                                   OR (l.kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund') AND l.amount > 0)), 0) AS spent,
                               coalesce(sum(l.amount) FILTER (WHERE (l.kind IN ('Tip', 'Ticket', 'CallBlock') AND l.amount > 0)
                                   OR (l.kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund') AND l.amount < 0)), 0) AS earned,
                               coalesce(-sum(l.amount) FILTER (WHERE l.kind IN ('Cashout', 'CashoutReversal')), 0) AS cashed_out
                        FROM legs l GROUP BY l.id
                    )
                    UPDATE accounts AS a
                    SET balance = a.balance + t.moved,
                        purchased = a.purchased + CASE WHEN a.user_id IS NOT NULL THEN t.purchased ELSE 0 END,
                        spent = a.spent + CASE WHEN a.user_id IS NOT NULL THEN t.spent ELSE 0 END,
                        earned = a.earned + CASE WHEN a.user_id IS NOT NULL THEN t.earned ELSE 0 END,
                        cashed_out = a.cashed_out + CASE WHEN a.user_id IS NOT NULL THEN t.cashed_out ELSE 0 END
                    FROM totals t
                    WHERE a.id = t.id
                    RETURNING a.id, a.user_id, a.kind::text, a.balance::bigint;

                    RETURN QUERY
                    SELECT NULL::uuid, o.user_id, o.kind::text, sum(o.balance)::bigint
                    FROM accounts o
                    WHERE o.user_id IN (SELECT t.user_id FROM accounts t
                                        WHERE t.id = ANY (debit_ids || credit_ids) AND t.kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable'))
                      AND o.kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable')
                    GROUP BY o.user_id, o.kind;
                END
                $$;

                SELECT open_earnings(id, 16) FROM users WHERE role = 'Creator';

                INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                SELECT earnings_account_id(s.id, 'escrow'), 'Escrow', s.creator_id, 0, 0, 0, 0, 0
                FROM streams s WHERE s.ticket_price IS NOT NULL;

                -- Before v2 a creator's earnings reached their wallet. What they earned and did not cash out, as far as the
                -- wallet still holds it, moves to their cashable earnings: it was paid long ago and cash-outs drew from it.
                WITH moves AS (
                    SELECT a.id AS wallet, earnings_account_id(a.user_id, 'cashable') AS cashable, a.user_id,
                           least(a.balance, a.earned - a.cashed_out) AS amount
                    FROM accounts a JOIN users u ON u.wallet_account_id = a.id
                    WHERE u.role = 'Creator' AND least(a.balance, a.earned - a.cashed_out) > 0
                ), arrays AS (
                    SELECT array_agg(uuid_v7(now()) ORDER BY wallet) AS ids, array_agg(wallet ORDER BY wallet) AS debits,
                           array_agg(cashable ORDER BY wallet) AS credits, array_agg(amount ORDER BY wallet) AS amounts,
                           array_agg('Adjustment'::text ORDER BY wallet) AS kinds, array_agg(user_id ORDER BY wallet) AS refs,
                           array_agg('earnings before v2, now cashable'::text ORDER BY wallet) AS memos
                    FROM moves HAVING count(*) > 0
                )
                SELECT count(*) FROM arrays, post_transfers(ids, debits, credits, amounts, kinds, refs, memos, now());
                """");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Earnings cannot be folded back into wallets without moving money: going down is not supported.
            throw new NotSupportedException("EarningsThatClear moves money into earnings accounts and is not reversible.");
        }
    }
}
