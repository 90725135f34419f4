-- The role the hosts connect as in development and tests (SPEC §19; docs/decisions/0057): `digis`, a member of
-- `digis_app`, whose grants (migration LedgerWrittenByItsFunctionsOnly) let it read everything and write every table
-- but the ledger's. Roles are the cluster's, shared by every database and checkout on it: each is made once, by
-- whoever gets there first. The password is for loopback development only; production makes its own login role.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'digis_app') THEN
        CREATE ROLE digis_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'digis') THEN
        CREATE ROLE digis LOGIN PASSWORD 'digis' IN ROLE digis_app;
    ELSIF NOT pg_has_role('digis', 'digis_app', 'MEMBER') THEN
        GRANT digis_app TO digis;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
