-- The id of a ledger entry written by post_transfers: an RFC 9562 UUID v7 of the posting's time, like Ids.New in C#.
CREATE OR REPLACE FUNCTION public.uuid_v7(at timestamp with time zone)
 RETURNS uuid
 LANGUAGE sql
 PARALLEL SAFE
AS $function$
    -- RFC 9562 UUID v7: the 48-bit Unix millisecond time of at, version 7, the rest random.
    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
        PLACING substring(int8send((extract(epoch FROM at) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
$function$;
