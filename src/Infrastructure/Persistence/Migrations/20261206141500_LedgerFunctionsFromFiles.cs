using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The ledger's functions as their files in Ledger/Sql define them (docs/decisions/0002-ledger-functions-in-sql-files.md):
    /// the same bodies with their comments pointing at the decisions, and accounts opened by one function,
    /// <c>open_accounts</c>, instead of <c>open_earnings</c> and the statements that opened wallets and held accounts.
    /// </summary>
    public partial class LedgerFunctionsFromFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS open_earnings(uuid, integer);");
            // The functions there were when this migration was written, not LedgerFunctions.All: a later function may
            // need tables a later migration creates.
            migrationBuilder.CreateFunctions(
                LedgerFunctions.LedgerRowsAreImmutable, LedgerFunctions.UuidV7, LedgerFunctions.EarningsAccountId,
                LedgerFunctions.OpenAccounts, LedgerFunctions.ClaimIdempotencyKey, LedgerFunctions.PostTransfers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION open_accounts(uuid[], text[], uuid[]);
                CREATE FUNCTION open_earnings(creator uuid, shards int) RETURNS void
                LANGUAGE sql VOLATILE AS $$
                    INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                    SELECT earnings_account_id(creator, 'clearing:' || s), 'EarningsClearing', creator, 0, 0, 0, 0, 0
                    FROM generate_series(0, shards - 1) AS s
                    UNION ALL
                    SELECT earnings_account_id(creator, 'cashable'), 'EarningsCashable', creator, 0, 0, 0, 0, 0
                    ON CONFLICT (id) DO NOTHING
                $$;
                """);
        }
    }
}
