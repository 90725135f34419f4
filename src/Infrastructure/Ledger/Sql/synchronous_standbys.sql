-- How many standbys acknowledge commits synchronously (SPEC §12; §20's alert, digis_postgres_synchronous_standbys).
-- pg_stat_replication shows sync_state only to roles with pg_read_all_stats: the function runs as its owner, the role
-- that migrates. Not a ledger function, but the database's functions all live here, each in its file.
CREATE OR REPLACE FUNCTION public.synchronous_standbys()
 RETURNS integer
 LANGUAGE sql
 STABLE SECURITY DEFINER
 SET search_path TO 'pg_catalog'
AS $function$
    SELECT count(*)::integer FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')
$function$;
