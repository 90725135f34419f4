-- Opens accounts that do not exist yet, and leaves those that do as they are (the only way an account is opened:
-- ILedger.OpenAsync). What to open is the domain's: Account.OpenWallet, OpenEarnings, OpenEscrow, OpenHeld. Every
-- account starts at zero; a balance then changes only through post_transfers.
CREATE OR REPLACE FUNCTION public.open_accounts(ids uuid[], kinds text[], owners uuid[])
 RETURNS void
 LANGUAGE sql
 SECURITY DEFINER
 SET search_path TO 'public', 'pg_temp'
AS $function$
    INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
    SELECT a.id, a.kind, a.owner, 0, 0, 0, 0, 0
    FROM unnest(ids, kinds, owners) AS a(id, kind, owner)
    ON CONFLICT (id) DO NOTHING
$function$;
