-- Locks accounts, and the wallets of the users named, in ascending id order in one statement, and answers them as they
-- are (ILedger.LockAsync): for a use case that decides from a balance before it posts. Ids and owners' wallets are two
-- key lookups (no OR, which only a bitmap scan serves), then one sorted FOR UPDATE. A function of the ledger's, as a row
-- lock needs the UPDATE right the hosts' role does not have (docs/decisions/0057-the-api-cannot-write-the-ledger.md).
CREATE OR REPLACE FUNCTION public.lock_accounts(account_ids uuid[], owners uuid[])
 RETURNS TABLE(id uuid, user_id uuid, kind text, balance bigint)
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
    SELECT a.id, a.user_id, a.kind::text, a.balance FROM accounts a
    WHERE a.id IN (SELECT unnest(account_ids) UNION SELECT u.wallet_account_id FROM users u WHERE u.id = ANY (owners))
    ORDER BY a.id
    FOR UPDATE OF a
$function$;
