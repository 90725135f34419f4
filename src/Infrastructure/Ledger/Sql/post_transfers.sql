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
-- The lock reads each account once; the legs (each entry's account, amount, balance after and counterparty) are computed
-- from what it read, then written by the same statements whatever their number. A single transfer's two legs are
-- computed here in PL/pgSQL; a batch's by a statement with a running sum per account, whose plan costs a single transfer
-- more to start than the rest of its posting (docs/decisions/0120-a-single-transfers-legs.md).
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
    -- evaluated for every row the plan reads.
    touched uuid[] := debit_ids || credit_ids;
    named bigint;
    -- The locked accounts as the lock read them.
    account_ids uuid[];
    account_kinds text[];
    account_users uuid[];
    account_balances bigint[];
    -- The legs, in posting order (each transfer's debit first).
    leg_accounts uuid[];
    leg_amounts bigint[];
    leg_balances bigint[];
    leg_counterparties uuid[];
    leg_counterparty_users uuid[];
    leg_transfers uuid[];
    leg_kinds text[];
    leg_references uuid[];
    leg_memos text[];
    debit integer;
    credit integer;
    refusal text;
    earners uuid[];
    row_ids uuid[];
    row_users uuid[];
    row_kinds text[];
    row_balances bigint[];
BEGIN
    -- The ledger's tables have no foreign keys to accounts (docs/decisions/0111-a-tip-in-one-round-trip.md): every
    -- account named must exist, and stays locked until the end of the transaction.
    SELECT array_agg(a.id), array_agg(a.kind::text), array_agg(a.user_id), array_agg(a.balance),
           (SELECT count(DISTINCT t.id) FROM unnest(touched) AS t(id))
    INTO account_ids, account_kinds, account_users, account_balances, named
    FROM (SELECT a.id, a.kind, a.user_id, a.balance FROM accounts a WHERE a.id = ANY (touched) ORDER BY a.id FOR UPDATE) a;
    IF coalesce(cardinality(account_ids), 0) <> named THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'a posting names an account that does not exist';
    END IF;

    -- Before the entries, so a transfer the table refuses (an amount of 0, one account on both sides) is refused by its
    -- checks, before any balance is looked at.
    INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at)
    SELECT t.id, t.debit_id, t.credit_id, t.amount, t.kind, t.reference_id, t.memo, posted_at
    FROM unnest(transfer_ids, debit_ids, credit_ids, amounts, kinds, reference_ids, memos)
        AS t(id, debit_id, credit_id, amount, kind, reference_id, memo);

    IF cardinality(transfer_ids) = 1 THEN
        -- Two legs on two accounts (the transfer's checks passed): each account's balance after is its balance and
        -- its leg; only the debit can go below zero.
        debit := array_position(account_ids, debit_ids[1]);
        credit := array_position(account_ids, credit_ids[1]);
        leg_accounts := ARRAY[debit_ids[1], credit_ids[1]];
        leg_amounts := ARRAY[-amounts[1], amounts[1]];
        leg_balances := ARRAY[account_balances[debit] - amounts[1], account_balances[credit] + amounts[1]];
        leg_counterparties := ARRAY[credit_ids[1], debit_ids[1]];
        leg_counterparty_users := ARRAY[account_users[credit], account_users[debit]];
        leg_transfers := ARRAY[transfer_ids[1], transfer_ids[1]];
        leg_kinds := ARRAY[kinds[1], kinds[1]];
        leg_references := ARRAY[reference_ids[1], reference_ids[1]];
        leg_memos := ARRAY[memos[1], memos[1]];
        IF leg_balances[1] < 0 AND account_kinds[debit] NOT IN ('Issuance', 'Adjustments') THEN
            refusal := format('%s %s %s', debit_ids[1], account_balances[debit], amounts[1]);
        END IF;
    ELSE
        -- An account may have many legs: its balance after each is its balance and the running sum of its legs in
        -- posting order; a transfer's two legs are the partition by n, so the one with no next leg has a previous one.
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
            SELECT l.*, a.kind AS account_kind,
                   a.balance + sum(l.amount) OVER (PARTITION BY l.id ORDER BY l.n, l.side) AS balance_after,
                   coalesce(lead(a.user_id) OVER (PARTITION BY l.n ORDER BY l.side),
                            lag(a.user_id) OVER (PARTITION BY l.n ORDER BY l.side)) AS counterparty_user
            FROM legs l
            JOIN unnest(account_ids, account_kinds, account_users, account_balances) AS a(id, kind, user_id, balance) ON a.id = l.id
        )
        SELECT array_agg(r.id ORDER BY r.n, r.side), array_agg(r.amount ORDER BY r.n, r.side),
               array_agg(r.balance_after ORDER BY r.n, r.side), array_agg(r.counterparty ORDER BY r.n, r.side),
               array_agg(r.counterparty_user ORDER BY r.n, r.side), array_agg(r.transfer_id ORDER BY r.n, r.side),
               array_agg(r.kind ORDER BY r.n, r.side), array_agg(r.reference_id ORDER BY r.n, r.side),
               array_agg(r.memo ORDER BY r.n, r.side),
               (array_agg(format('%s %s %s', r.id, r.balance_after - r.amount, -r.amount) ORDER BY r.n, r.side)
                   FILTER (WHERE r.balance_after < 0 AND r.account_kind NOT IN ('Issuance', 'Adjustments')))[1]
        INTO leg_accounts, leg_amounts, leg_balances, leg_counterparties, leg_counterparty_users, leg_transfers,
             leg_kinds, leg_references, leg_memos, refusal
        FROM running r;
    END IF;
    IF refusal IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'DG402', MESSAGE = refusal;
    END IF;

    INSERT INTO ledger_entries (id, account_id, transfer_id, kind, amount, balance_after,
                                counterparty_account_id, counterparty_user_id, reference_id, memo, created_at)
    SELECT uuid_v7(posted_at), l.id, l.transfer_id, l.kind, l.amount, l.balance_after,
           l.counterparty, l.counterparty_user, l.reference_id, l.memo, posted_at
    FROM unnest(leg_accounts, leg_transfers, leg_kinds, leg_amounts, leg_balances, leg_counterparties, leg_counterparty_users,
                leg_references, leg_memos)
        AS l(id, transfer_id, kind, amount, balance_after, counterparty, counterparty_user, reference_id, memo);

    WITH totals AS (
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
        FROM unnest(leg_accounts, leg_amounts, leg_kinds) AS l(id, amount, kind)
        GROUP BY l.id
    ), moved AS (
        UPDATE accounts AS a
        SET balance = a.balance + t.moved,
            purchased = a.purchased + CASE WHEN a.user_id IS NOT NULL THEN t.purchased ELSE 0 END,
            spent = a.spent + CASE WHEN a.user_id IS NOT NULL THEN t.spent ELSE 0 END,
            earned = a.earned + CASE WHEN a.user_id IS NOT NULL THEN t.earned ELSE 0 END,
            cashed_out = a.cashed_out + CASE WHEN a.user_id IS NOT NULL THEN t.cashed_out ELSE 0 END
        FROM totals t
        WHERE a.id = t.id
        RETURNING a.id, a.user_id, a.kind::text AS kind, a.balance::bigint AS balance
    )
    SELECT array_agg(m.id), array_agg(m.user_id), array_agg(m.kind), array_agg(m.balance),
           array_agg(DISTINCT m.user_id) FILTER (WHERE m.kind IN ('Escrow', 'EarningsClearing', 'EarningsCashable'))
    INTO row_ids, row_users, row_kinds, row_balances, earners
    FROM moved m;

    -- The owners' earnings accounts as they now are, summed per kind. Escrow is read from the shows not yet ended: an
    -- ended show's escrow went to earnings and a cancelled one's back to its fans, in the transaction that closed the show
    -- (reconciliation checks they are empty), so a creator's history of shows adds nothing to a posting's cost
    -- (docs/decisions/0121-open-shows-escrow.md).
    IF earners IS NOT NULL THEN
        SELECT row_ids || array_agg(NULL::uuid), row_users || array_agg(e.user_id), row_kinds || array_agg(e.kind),
               row_balances || array_agg(e.balance)
        INTO row_ids, row_users, row_kinds, row_balances
        FROM (SELECT a.user_id, a.kind::text AS kind, sum(a.balance)::bigint AS balance
              FROM accounts a
              WHERE a.user_id = ANY (earners) AND a.kind IN ('EarningsClearing', 'EarningsCashable')
              GROUP BY a.user_id, a.kind
              UNION ALL
              SELECT s.creator_id, 'Escrow', sum(a.balance)::bigint
              FROM streams s JOIN accounts a ON a.id = earnings_account_id(s.id, 'escrow')
              WHERE s.creator_id = ANY (earners) AND s.status IN ('Scheduled', 'Live')
              GROUP BY s.creator_id) e;
    END IF;

    RETURN QUERY
    SELECT x.id, x.user_id, x.kind, x.balance FROM unnest(row_ids, row_users, row_kinds, row_balances) AS x(id, user_id, kind, balance);
END
$function$;
