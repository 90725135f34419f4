-- A whole tip in one call, sent with the COMMIT in one round trip (docs/decisions/0111-a-tip-in-one-round-trip.md): the
-- parties, the show or call it goes into, the fan's spending limits, the tip row, the posting (through post_transfers,
-- the one place tokens move), the show's goal and the Idempotency-Key with its response. The checks are the SendTip
-- handler's, in its order; each refusal raises with the facts its named rule needs, and the caller checks that rule on
-- them (so the rule and its problem stay written once, in Digis.Domain):
--   DG404 '<creator|stream|call>'                     an unknown party (404);
--   DG403 'debt <debt>'                               SpendingNeedsNoDebtRule;
--   DG403 'stream <creator id> <status>'              TipStreamMustBeTheCreatorsRule, TipStreamMustBeLiveRule;
--   DG403 'ticket'                                    TicketedShowNeedsATicketRule;
--   DG403 'subscribers'                               SubscribersOnlyShowRule (no active subscription to the creator);
--   DG403 'call <status>'                             TipCallMustBeLiveRule;
--   DG403 'limit <daily|-> <monthly|-> <today> <month>' SpendingLimitCannotBeCrossedRule (caps in force, spent so far);
--   DG402, DG409                                      post_transfers' and claim_idempotency_key's refusals.
-- A fan with a cap in force locks the posting's accounts before summing what they spent, as FanSpendingLimits does, so
-- concurrent spends of one fan see each other. The spend kinds ('Tip', 'Ticket', 'CallBlock', 'Subscription') are
-- TransferKinds.Spends, repeated as ix_ledger_entries_spends' filter says them (LedgerFunctionsTests checks both). The
-- stored response is the caller's, with the fan's balance after the posting written into it. Returns post_transfers'
-- rows, each with the fan's name and the goal's figures. Every statement reaches its rows by key, as in post_transfers
-- (enable_seqscan off): a generic plan made while a table was small (a goal's tallies) would scan it for as long as
-- the session keeps the plan.
CREATE OR REPLACE FUNCTION public.send_tip(tip_id uuid, fan uuid, creator uuid, amount bigint, message text, into_stream uuid, into_call uuid, menu_item uuid, menu_label text, memo text, earnings_account uuid, transfer_id uuid, sent_at timestamp with time zone, day_start timestamp with time zone, month_start timestamp with time zone, idempotency_key text, request_hash text, response text, expired_before timestamp with time zone)
 RETURNS TABLE(account_id uuid, user_id uuid, kind text, balance bigint, fan_name text, goal_title text, goal_target bigint, goal_progress bigint, goal_reached boolean)
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
 SET plan_cache_mode TO 'force_generic_plan'
 SET enable_seqscan TO 'off'
AS $function$
#variable_conflict use_column
DECLARE
    payer record;
    payee record;
    live_show record;
    call_status text;
    daily bigint;
    monthly bigint;
    spent_today bigint;
    spent_month bigint;
    title text;
    target bigint;
    goal_since timestamp with time zone;
    has_goal boolean;
    counted boolean;
    reached_at timestamp with time zone;
    progress bigint;
    reached boolean;
    posted_ids uuid[];
    posted_users uuid[];
    posted_kinds text[];
    posted_balances bigint[];
    fan_balance bigint;
BEGIN
    SELECT u.display_name, u.wallet_account_id, u.debt INTO payer FROM users u WHERE u.id = fan;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'the fan % is not provisioned', fan;
    END IF;
    SELECT u.id INTO payee FROM users u WHERE u.id = creator AND u.role = 'Creator';
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'DG404', MESSAGE = 'creator';
    END IF;
    IF payer.debt > 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'DG403', MESSAGE = format('debt %s', payer.debt);
    END IF;

    IF into_stream IS NOT NULL THEN
        SELECT s.creator_id, s.status, s.ticket_price IS NOT NULL AS ticketed, s.audience INTO live_show FROM streams s WHERE s.id = into_stream;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'DG404', MESSAGE = 'stream';
        END IF;
        IF live_show.creator_id <> creator OR live_show.status <> 'Live' THEN
            RAISE EXCEPTION USING ERRCODE = 'DG403', MESSAGE = format('stream %s %s', live_show.creator_id, live_show.status);
        END IF;
        IF live_show.ticketed AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.stream_id = into_stream AND t.fan_id = fan AND t.refunded_at IS NULL) THEN
            RAISE EXCEPTION USING ERRCODE = 'DG403', MESSAGE = 'ticket';
        END IF;
        -- A show for subscribers: the fan's active subscription to the creator (ActiveTierAsync; its tier always exists).
        IF live_show.audience = 'Subscribers' AND NOT EXISTS (
            SELECT 1 FROM subscriptions sub WHERE sub.fan_id = fan AND sub.creator_id = creator AND sub.status = 'Active') THEN
            RAISE EXCEPTION USING ERRCODE = 'DG403', MESSAGE = 'subscribers';
        END IF;
    END IF;

    IF into_call IS NOT NULL THEN
        SELECT c.status INTO call_status FROM calls c WHERE c.id = into_call AND c.fan_id = fan AND c.creator_id = creator;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'DG404', MESSAGE = 'call';
        END IF;
        IF call_status NOT IN ('Active', 'Paused') THEN
            RAISE EXCEPTION USING ERRCODE = 'DG403', MESSAGE = format('call %s', call_status);
        END IF;
    END IF;

    -- The caps in force (LimitSchedule.At: the pending value once its time has come).
    SELECT CASE WHEN l.daily_next_at <= sent_at THEN l.daily_next_tokens ELSE l.daily_tokens END,
           CASE WHEN l.monthly_next_at <= sent_at THEN l.monthly_next_tokens ELSE l.monthly_tokens END
    INTO daily, monthly FROM spending_limits l WHERE l.user_id = fan;
    IF daily IS NOT NULL OR monthly IS NOT NULL THEN
        PERFORM 1 FROM accounts a WHERE a.id IN (payer.wallet_account_id, earnings_account) ORDER BY a.id FOR UPDATE;
        SELECT coalesce(sum(-e.amount) FILTER (WHERE e.created_at >= day_start), 0), coalesce(sum(-e.amount), 0)
        INTO spent_today, spent_month
        FROM ledger_entries e
        WHERE e.account_id = payer.wallet_account_id AND e.created_at >= month_start
          AND e.amount < 0 AND e.kind IN ('Tip', 'Ticket', 'CallBlock', 'Subscription');
        IF (daily IS NOT NULL AND spent_today + amount > daily) OR (monthly IS NOT NULL AND spent_month + amount > monthly) THEN
            RAISE EXCEPTION USING ERRCODE = 'DG403', MESSAGE = format('limit %s %s %s %s',
                coalesce(daily::text, '-'), coalesce(monthly::text, '-'), spent_today, spent_month);
        END IF;
    END IF;

    INSERT INTO tips (id, fan_id, creator_id, amount, message, stream_id, call_id, created_at, refunded_at, menu_item_id, menu_label)
    VALUES (tip_id, fan, creator, amount, message, into_stream, into_call, sent_at, NULL, menu_item, menu_label);

    SELECT array_agg(p.account_id), array_agg(p.user_id), array_agg(p.kind), array_agg(p.balance)
    INTO posted_ids, posted_users, posted_kinds, posted_balances
    FROM post_transfers(ARRAY[transfer_id], ARRAY[payer.wallet_account_id], ARRAY[earnings_account], ARRAY[amount],
                        ARRAY['Tip'], ARRAY[tip_id], ARRAY[memo], sent_at) p;
    fan_balance := posted_balances[array_position(posted_ids, payer.wallet_account_id)];

    -- The show's tally of the earnings account the tip credited: its tips, and those since the goal the row counts for
    -- (a row counting for an older goal moves to this tip's; a newer goal's, set while this tip was on its way, is left as
    -- it is). Only tips that hold that account locked already write the row, so none waits longer for it. The goal's
    -- progress is its tallies less its refunded tips, reached once: the same work whatever number of tips the show has
    -- had (docs/decisions/0122-show-tips-tallied.md).
    IF into_stream IS NOT NULL THEN
        SELECT g.title, g.target, g.set_at, g.reached_at INTO title, target, goal_since, reached_at FROM stream_goals g WHERE g.stream_id = into_stream;
        has_goal := FOUND;
        counted := has_goal AND goal_since <= sent_at;
        INSERT INTO stream_tip_tallies AS y (stream_id, account_id, tokens, goal_set_at, goal_tokens)
        VALUES (into_stream, earnings_account, amount, CASE WHEN counted THEN goal_since END, CASE WHEN counted THEN amount ELSE 0 END)
        ON CONFLICT (stream_id, account_id) DO UPDATE
            SET tokens = y.tokens + EXCLUDED.tokens,
                goal_tokens = CASE WHEN EXCLUDED.goal_set_at IS NULL OR y.goal_set_at > EXCLUDED.goal_set_at THEN y.goal_tokens
                                   WHEN y.goal_set_at = EXCLUDED.goal_set_at THEN y.goal_tokens + EXCLUDED.goal_tokens
                                   ELSE EXCLUDED.goal_tokens END,
                goal_set_at = CASE WHEN EXCLUDED.goal_set_at IS NULL OR y.goal_set_at > EXCLUDED.goal_set_at THEN y.goal_set_at
                                   ELSE EXCLUDED.goal_set_at END;
        IF has_goal THEN
            SELECT (SELECT coalesce(sum(y.goal_tokens), 0) FROM stream_tip_tallies y WHERE y.stream_id = into_stream AND y.goal_set_at = goal_since)
                 - (SELECT coalesce(sum(t.amount), 0) FROM tips t
                    WHERE t.stream_id = into_stream AND t.refunded_at IS NOT NULL AND t.created_at >= goal_since)
            INTO progress;
            reached := reached_at IS NOT NULL OR progress >= target;
            IF reached_at IS NULL AND progress >= target THEN
                UPDATE stream_goals g SET reached_at = sent_at WHERE g.stream_id = into_stream;
            END IF;
        END IF;
    END IF;

    IF idempotency_key IS NOT NULL THEN
        PERFORM claim_idempotency_key(fan, idempotency_key, request_hash,
            jsonb_set(response::jsonb, '{balance}', to_jsonb(fan_balance))::text, sent_at, expired_before);
    END IF;

    RETURN QUERY
    SELECT p.account_id, p.user_id, p.kind, p.balance, payer.display_name::text, title, target, progress, reached
    FROM unnest(posted_ids, posted_users, posted_kinds, posted_balances) AS p(account_id, user_id, kind, balance);
END
$function$;
