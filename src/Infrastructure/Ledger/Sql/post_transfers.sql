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
    short record;
    -- Every account the postings touch, computed once: an expression of the parameters in a WHERE clause is
    -- evaluated for every row the plan reads. Every statement here reaches accounts by key (enable_seqscan is off
    -- for the function): the generic plans otherwise scanned the whole table when it was small and hot, as a new
    -- deployment's or the benchmark's is (docs/decisions/0029-what-a-keyed-tip-costs.md).
    touched uuid[] := debit_ids || credit_ids;
    locked bigint;
BEGIN
    PERFORM 1 FROM accounts a WHERE a.id = ANY (touched) ORDER BY a.id FOR UPDATE;
    -- The ledger's tables have no foreign keys to accounts (docs/decisions/0111-a-tip-in-one-round-trip.md): every
    -- account named must exist, and stays locked until the end of the transaction.
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked <> (SELECT count(DISTINCT t.id) FROM unnest(touched) AS t(id)) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'a posting names an account that does not exist';
    END IF;

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
               coalesce(-sum(l.amount) FILTER (WHERE (l.kind IN ('Tip', 'Ticket', 'CallBlock', 'Subscription') AND l.amount < 0)
                   OR (l.kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund', 'SubscriptionRefund') AND l.amount > 0)), 0) AS spent,
               coalesce(sum(l.amount) FILTER (WHERE (l.kind IN ('Tip', 'Ticket', 'CallBlock', 'Subscription') AND l.amount > 0)
                   OR (l.kind IN ('TipRefund', 'TicketRefund', 'CallBlockRefund', 'SubscriptionRefund') AND l.amount < 0)), 0) AS earned,
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

    -- The owners' earnings accounts, read through (user_id, kind) for each owner (OFFSET 0 keeps the subquery
    -- per owner, so the planner cannot turn it into one scan of every earnings account).
    RETURN QUERY
    SELECT NULL::uuid, owner.user_id, o.kind::text, sum(o.balance)::bigint
    FROM (SELECT DISTINCT t.user_id FROM accounts t
          WHERE t.id = ANY (touched) AND t.kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable')) owner
    CROSS JOIN LATERAL (SELECT a.kind, a.balance FROM accounts a
                        WHERE a.user_id = owner.user_id AND a.kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable') OFFSET 0) o
    GROUP BY owner.user_id, o.kind;
END
$function$;
