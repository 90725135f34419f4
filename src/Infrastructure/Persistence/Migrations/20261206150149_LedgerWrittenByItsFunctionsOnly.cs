using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// "post_transfers is the only ledger writer", enforced by grants (SPEC §19): the hosts connect as a member of the
    /// role <c>digis_app</c>, which reads everything and writes the product's tables but not <c>accounts</c>,
    /// <c>transfers</c> or <c>ledger_entries</c>; those change only inside the ledger's functions, which run as their
    /// owner (SECURITY DEFINER, with a fixed search_path) and only <c>digis_app</c> may call. Migrations run as the owner.
    /// docs/decisions/0057-the-api-cannot-write-the-ledger.md.
    /// </summary>
    public partial class LedgerWrittenByItsFunctionsOnly : Migration
    {
        private const string PostTransfers = "post_transfers(uuid[], uuid[], uuid[], bigint[], text[], uuid[], text[], timestamptz)";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Roles are the cluster's, shared by every database on it (and by checkouts whose tests run side by side): made
            // once, by whoever gets there first. A migrating role without CREATEROLE needs it made beforehand (README).
            migrationBuilder.Sql(
                """
                DO $$
                BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'digis_app') THEN
                        CREATE ROLE digis_app NOLOGIN;
                    END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;
                END
                $$;
                """);

            // Accounts are opened empty through the ledger, as any other write of it: a wallet, a show's escrow, a held account.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION open_account(account_id uuid, account_kind text, owner_id uuid) RETURNS void
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF account_kind NOT IN ('Wallet', 'Escrow', 'Held') THEN
                        RAISE EXCEPTION 'open_account opens wallets, escrows and held accounts, not %', account_kind;
                    END IF;
                    INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                    VALUES (account_id, account_kind, owner_id, 0, 0, 0, 0, 0)
                    ON CONFLICT (id) DO NOTHING;
                END
                $$;
                """);

            // A row lock needs the UPDATE right on the table: the decisions taken from balances lock through the ledger too.
            migrationBuilder.Sql(
                """
                CREATE FUNCTION lock_accounts(account_ids uuid[], owners uuid[])
                RETURNS TABLE (id uuid, user_id uuid, kind text, balance bigint)
                LANGUAGE sql AS $$
                    SELECT a.id, a.user_id, a.kind::text, a.balance FROM accounts a
                    WHERE a.id IN (SELECT unnest(account_ids) UNION SELECT u.wallet_account_id FROM users u WHERE u.id = ANY (owners))
                    ORDER BY a.id
                    FOR UPDATE OF a
                $$;
                """);

            // open_earnings is not here: the ledger's files no longer define it, and LedgerFunctionsFromFiles drops it.
            migrationBuilder.Sql(
                $"""
                ALTER FUNCTION {PostTransfers} SECURITY DEFINER SET search_path = public, pg_temp;
                ALTER FUNCTION open_account(uuid, text, uuid) SECURITY DEFINER SET search_path = public, pg_temp;
                ALTER FUNCTION lock_accounts(uuid[], uuid[]) SECURITY DEFINER SET search_path = public, pg_temp;
                REVOKE EXECUTE ON FUNCTION {PostTransfers}, open_account(uuid, text, uuid),
                    lock_accounts(uuid[], uuid[]) FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION {PostTransfers}, open_account(uuid, text, uuid),
                    lock_accounts(uuid[], uuid[]) TO digis_app;

                GRANT USAGE ON SCHEMA public TO digis_app;
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO digis_app;
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO digis_app;
                REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON accounts, transfers, ledger_entries, "__ef_migrations_history" FROM digis_app;

                -- Tables and sequences later migrations create (as this same owner) are the app's to use; a new ledger
                -- table must revoke the writes in its own migration, as here (the schema test lists them).
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO digis_app;
                ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO digis_app;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"""
                ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM digis_app;
                ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM digis_app;
                REVOKE ALL ON ALL TABLES IN SCHEMA public FROM digis_app;
                REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM digis_app;
                REVOKE USAGE ON SCHEMA public FROM digis_app;
                ALTER FUNCTION {PostTransfers} SECURITY INVOKER RESET search_path;
                GRANT EXECUTE ON FUNCTION {PostTransfers} TO PUBLIC;
                DROP FUNCTION lock_accounts(uuid[], uuid[]);
                DROP FUNCTION open_account(uuid, text, uuid);
                """);
        }
    }
}
