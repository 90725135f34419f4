-- Claims a command's Idempotency-Key in its commit's round trip, with the response to replay
-- (docs/decisions/0009-idempotency-keys-claimed-with-the-commit.md): a key in use (younger than the window) refuses
-- the whole transaction with SQLSTATE DG409, so nothing the command did is committed and the caller replays the stored
-- response instead.
CREATE OR REPLACE FUNCTION public.claim_idempotency_key(owner uuid, idempotency_key text, hash text, stored_response text, claimed_at timestamp with time zone, expired_before timestamp with time zone)
 RETURNS void
 LANGUAGE plpgsql
AS $function$
BEGIN
    INSERT INTO idempotency_keys (user_id, key, request_hash, response, created_at)
    VALUES (owner, idempotency_key, hash, stored_response, claimed_at)
    ON CONFLICT (user_id, key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = EXCLUDED.created_at
     WHERE idempotency_keys.created_at < expired_before;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'DG409', MESSAGE = 'idempotency key in use';
    END IF;
END
$function$;
