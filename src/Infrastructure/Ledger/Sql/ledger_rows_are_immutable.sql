-- Ledger rows are never updated or deleted: corrections are new transfers (docs/decisions/0003-ledger-rows-are-immutable.md).
-- The triggers transfers_immutable and ledger_entries_immutable (migration Initial) run it before every UPDATE and DELETE.
CREATE OR REPLACE FUNCTION public.ledger_rows_are_immutable()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    RAISE EXCEPTION 'ledger rows are never updated or deleted (%.%)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation';
END $function$;
