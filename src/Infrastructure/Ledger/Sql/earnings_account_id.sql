-- The ids of a creator's earnings accounts, a show's escrow and a user's held account, derived from the owner's id:
-- the first 16 bytes of sha256('<owner>:<part>'), exactly as Digis.Domain.Ledger.EarningsAccounts derives them
-- (LedgerFunctionsTests checks that both agree). Reconciliation finds a show's escrow with it.
CREATE OR REPLACE FUNCTION public.earnings_account_id(owner uuid, part text)
 RETURNS uuid
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
    SELECT substr(encode(sha256(convert_to(owner::text || ':' || part, 'UTF8')), 'hex'), 1, 32)::uuid
$function$;
