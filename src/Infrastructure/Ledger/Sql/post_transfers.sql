-- The one place tokens move (docs/decisions/0001-one-posting-function.md). Posts the transfers described by the
-- arrays (the i-th element of each is the i-th transfer), in array order, all or nothing:
--   1. locks every account named, in ascending id order, so concurrent postings never deadlock, and refuses (SQLSTATE
--      23503, as a foreign key would) a posting that names an account that does not exist;
--   2. writes the transfers (the table's checks: an amount above 0, two distinct accounts that exist);
--   3. refuses the whole call when an entry would take an account that may not go negative (every one but
--      issuance and adjustments) below zero: SQLSTATE DG402, the message '<account> <balance before> <amount>' of
--      the first such entry;
--   4. writes each transfer's two entries, debit first, each with the account's balance after it (entries get their
--      sequence numbers in posting order), and moves the balances and the lifetime figures of every account a user
--      owns (wallet, earnings, escrow, held; summed when read).
-- Returns every account it touched as it now is and, for each user whose earnings or escrow it touched, one row per
-- kind of those accounts with no account id and their summed balance (what the creator's earningsChanged event says),
-- so a posting costs no second round trip to read them.
-- After the lock, steps 2 to 4 and the read of the owners' earnings are one statement, which reads each leg's account
-- once: the refusal's entry is found beside the writes, which then write nothing, and the function raises it
-- (docs/decisions/0116-one-posting-statement.md).
-- The kinds a fan spends on a creator ('Tip', 'Ticket', 'CallBlock', 'Subscription') and their refunds are TransferKinds.Spends and
-- TransferKinds.Refunds in Digis.Domain; LedgerFunctionsTests checks that this text names the same.
-- Plans are generic (plan_cache_mode): with the default, PostgreSQL re-planned these array-driven statements on every
-- call; every statement reaches accounts by key (enable_seqscan off): the generic plans otherwise scanned the whole
-- table when it was small and hot (docs/decisions/0029-what-a-keyed-tip-costs.md).
CREATE OR REPLACE FUNCTION public.post_transfers(transfer_ids uuid[], debit_ids uuid[], credit_ids uuid[], amounts bigint[], kinds text[], reference_ids uuid[], memos text[], posted_at timestamp with time zone)
 RETURNS TABLE(account_id uuid, user_id uuid, kind text, balance bigint)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET plan_cache_mode TO 'force_generic_plan'
 SET enable_seqscan TO 'off'
 SET search_path TO 'public', 'pg_temp'
AS $function$
#variable_conflict use_column
DECLARE
    -- Every account the postings touch, computed once: an expression of the parameters in a WHERE clause is
    -- evaluated for every row the plan reads. Every statement here reaches accounts by key (enable_seqscan is off
    -- for the function): the generic plans otherwise scanned the whole table when it was small and hot, as a new
    -- deployment's or the benchmark's is (docs/decisions/0029-what-a-keyed-tip-costs.md).
    touched uuid[] := debit_ids || credit_ids;
    locked bigint;
    named bigint;
    refusal text;
    row_ids uuid[];
    row_users uuid[];
    row_kinds text[];
    row_balances bigint[];
BEGIN
    -- The ledger's tables have no foreign keys to accounts (docs/decisions/0111-a-tip-in-one-round-trip.md): every
    -- account named must exist, and stays locked until the end of the transaction.
    SELECT (SELECT count(*) FROM (SELECT 1 FROM accounts a WHERE a.id = ANY (touched) ORDER BY a.id FOR UPDATE) l),
           (SELECT count(DISTINCT t.id) FROM unnest(touched) AS t(id))
    INTO locked, named;
    IF locked <> named THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'a posting names an account that does not exist';
    END IF;

    WITH p AS (
        SELECT * FROM unnest(transfer_ids, debit_ids, credit_ids, amounts, kinds, reference_ids, memos)
            WITH ORDINALITY AS p(transfer_id, debit_id, credit_id, amount, kind, reference_id, memo, n)
    ), transfers_written AS (
        INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at)
        SELECT p.transfer_id, p.debit_id, p.credit_id, p.amount, p.kind, p.reference_id, p.memo, posted_at
        FROM p ORDER BY p.n
        RETURNING 1
    ), legs AS (
        SELECT p.n, 0 AS side, p.debit_id AS id, -p.amount AS amount, p.credit_id AS counterparty,
               p.transfer_id, p.kind, p.reference_id, p.memo
        FROM p
        UNION ALL
        SELECT p.n, 1, p.credit_id, p.amount, p.debit_id, p.transfer_id, p.kind, p.reference_id, p.memo
        FROM p
    ), running AS (
        -- Each leg's account read once: its balance after the leg, and the other leg's owner (a transfer's two legs
        -- are the partition by n; the one that has no next leg has a previous one).
        SELECT l.*, a.kind AS account_kind, a.user_id AS account_user,
               a.balance + sum(l.amount) OVER (PARTITION BY l.id ORDER BY l.n, l.side) AS balance_after,
               coalesce(lead(a.user_id) OVER (PARTITION BY l.n ORDER BY l.side),
                        lag(a.user_id) OVER (PARTITION BY l.n ORDER BY l.side)) AS counterparty_user
        FROM legs l JOIN accounts a ON a.id = l.id
    ), short AS (
        SELECT format('%s %s %s', r.id, r.balance_after - r.amount, -r.amount) AS refusal
        FROM running r
        WHERE r.balance_after < 0 AND r.account_kind NOT IN ('Issuance', 'Adjustments')
        ORDER BY r.n, r.side LIMIT 1
    ), entries_written AS (
        INSERT INTO ledger_entries (id, account_id, transfer_id, kind, amount, balance_after,
                                    counterparty_account_id, counterparty_user_id, reference_id, memo, created_at)
        SELECT uuid_v7(posted_at), r.id, r.transfer_id, r.kind, r.amount, r.balance_after,
               r.counterparty, r.counterparty_user, r.reference_id, r.memo, posted_at
        FROM running r
        -- Read first, so a transfer the table refuses is refused before its entries are (an amount of 0, one account).
        WHERE (SELECT count(*) FROM transfers_written) = cardinality(transfer_ids) AND NOT EXISTS (SELECT 1 FROM short)
        ORDER BY r.n, r.side
    ), totals AS (
        -- A wallet's lifetime figures, from its own side of each entry: purchased (less reversed
        -- purchases), spent on creators (less refunds received), earned from fans (less refunds given),
        -- cashed out (less rejected cash-outs).
        SELECT l.id,
               sum(l.amount) AS moved,
               coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('Purchase', 'PurchaseReversal')), 0) AS purchased,
               coalesce(-sum(l.amount) FILTER (WHERE (l.kind IN ('Tip', 'Ticket', 'CallBlock', 'Subscription') AND l.amount < 0)
                   OR (l.kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund', 'SubscriptionRefund') AND l.amount > 0)), 0) AS spent,
               coalesce(sum(l.amount) FILTER (WHERE (l.kind IN ('Tip', 'Ticket', 'CallBlock', 'Subscription') AND l.amount > 0)
                   OR (l.kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund', 'SubscriptionRefund') AND l.amount < 0)), 0) AS earned,
               coalesce(-sum(l.amount) FILTER (WHERE l.kind IN ('Cashout', 'CashoutReversal')), 0) AS cashed_out
        FROM legs l GROUP BY l.id
    ), moved AS (
        UPDATE accounts AS a
        SET balance = a.balance + t.moved,
            purchased = a.purchased + CASE WHEN a.user_id IS NOT NULL THEN t.purchased ELSE 0 END,
            spent = a.spent + CASE WHEN a.user_id IS NOT NULL THEN t.spent ELSE 0 END,
            earned = a.earned + CASE WHEN a.user_id IS NOT NULL THEN t.earned ELSE 0 END,
            cashed_out = a.cashed_out + CASE WHEN a.user_id IS NOT NULL THEN t.cashed_out ELSE 0 END
        FROM totals t
        WHERE a.id = t.id AND NOT EXISTS (SELECT 1 FROM short)
        RETURNING a.id, a.user_id, a.kind::text AS kind, a.balance::bigint AS balance
    ), earnings AS (
        -- The owners' earnings accounts, read through (user_id, kind) for each owner (OFFSET 0 keeps the subquery per
        -- owner, so the planner cannot turn it into one scan of every earnings account). The statement reads them as
        -- they were before it: what it moved is added.
        SELECT owner.user_id, o.kind::text AS kind, sum(o.balance + coalesce(t.moved, 0))::bigint AS balance
        FROM (SELECT DISTINCT r.account_user AS user_id FROM running r
              WHERE r.account_kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable')) owner
        CROSS JOIN LATERAL (SELECT a.id, a.kind, a.balance FROM accounts a
                            WHERE a.user_id = owner.user_id AND a.kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable') OFFSET 0) o
        LEFT JOIN totals t ON t.id = o.id
        GROUP BY owner.user_id, o.kind
    ), answered AS (
        SELECT m.id, m.user_id, m.kind, m.balance FROM moved m
        UNION ALL
        SELECT NULL, e.user_id, e.kind, e.balance FROM earnings e
    )
    SELECT (SELECT s.refusal FROM short s), array_agg(x.id), array_agg(x.user_id), array_agg(x.kind), array_agg(x.balance)
    INTO refusal, row_ids, row_users, row_kinds, row_balances
    FROM answered x;
    IF refusal IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'DG402', MESSAGE = refusal;
    END IF;

    RETURN QUERY
    SELECT x.id, x.user_id, x.kind, x.balance FROM unnest(row_ids, row_users, row_kinds, row_balances) AS x(id, user_id, kind, balance);
END
$function$;
