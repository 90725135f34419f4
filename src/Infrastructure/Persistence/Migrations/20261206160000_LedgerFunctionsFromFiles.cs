using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The ledger's functions as their files in Ledger/Sql define them (docs/decisions/0002-ledger-functions-in-sql-files.md):
    /// the same bodies with their comments pointing at the decisions; accounts opened by one function, <c>open_accounts</c>,
    /// instead of <c>open_earnings</c>, <c>open_account</c> and the statements that opened wallets and held accounts. The
    /// functions that write the ledger run as their owner, for <c>digis_app</c> only, as LedgerWrittenByItsFunctionsOnly
    /// made them (docs/decisions/0057-the-api-cannot-write-the-ledger.md).
    /// </summary>
    public partial class LedgerFunctionsFromFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION IF EXISTS open_earnings(uuid, integer);
                DROP FUNCTION IF EXISTS open_account(uuid, text, uuid);
                """);

            // The functions there were when this migration was written, not LedgerFunctions.All: a later function may
            // need tables a later migration creates.
            migrationBuilder.CreateFunctions(
                LedgerFunctions.LedgerRowsAreImmutable, LedgerFunctions.UuidV7, LedgerFunctions.EarningsAccountId,
                LedgerFunctions.OpenAccounts, LedgerFunctions.LockAccounts, LedgerFunctions.ClaimIdempotencyKey, LedgerFunctions.PostTransfers);
            migrationBuilder.Sql($"""
                REVOKE EXECUTE ON FUNCTION {OpenAccounts} FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION {OpenAccounts} TO digis_app;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DROP FUNCTION {OpenAccounts};
                CREATE FUNCTION open_account(account_id uuid, account_kind text, owner_id uuid) RETURNS void
                LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                    VALUES (account_id, account_kind, owner_id, 0, 0, 0, 0, 0)
                    ON CONFLICT (id) DO NOTHING
                $$;
                CREATE FUNCTION open_earnings(creator uuid, shards int) RETURNS void
                LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
                    INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                    SELECT earnings_account_id(creator, 'clearing:' || s), 'EarningsClearing', creator, 0, 0, 0, 0, 0
                    FROM generate_series(0, shards - 1) AS s
                    UNION ALL
                    SELECT earnings_account_id(creator, 'cashable'), 'EarningsCashable', creator, 0, 0, 0, 0, 0
                    ON CONFLICT (id) DO NOTHING
                $$;
                REVOKE EXECUTE ON FUNCTION open_account(uuid, text, uuid), open_earnings(uuid, integer) FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION open_account(uuid, text, uuid), open_earnings(uuid, integer) TO digis_app;
                """);
        }

        private const string OpenAccounts = "open_accounts(uuid[], text[], uuid[])";
    }
}
