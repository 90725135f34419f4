using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// <c>send_tip</c>: a whole tip in one statement, sent with the COMMIT (docs/decisions/0111-a-tip-in-one-round-trip.md).
    /// It runs as its owner (SECURITY DEFINER), for <c>digis_app</c> only, as the ledger's other writers do
    /// (docs/decisions/0057-the-api-cannot-write-the-ledger.md). What a tip writes loses what no query or rule needs: the
    /// index of keys by age (nothing reads keys by age) and the ledger's foreign keys, which <c>post_transfers</c>, their only
    /// writer, now guarantees itself.
    /// </summary>
    public partial class TipInOneStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(name: "ix_idempotency_keys_created_at", table: "idempotency_keys");
            migrationBuilder.DropForeignKey(name: "fk_ledger_entries_accounts_account_id", table: "ledger_entries");
            migrationBuilder.DropForeignKey(name: "fk_ledger_entries_transfers_transfer_id", table: "ledger_entries");
            migrationBuilder.DropForeignKey(name: "fk_transfers_accounts_credit_account_id", table: "transfers");
            migrationBuilder.DropForeignKey(name: "fk_transfers_accounts_debit_account_id", table: "transfers");
            migrationBuilder.CreateFunctions(LedgerFunctions.PostTransfers, LedgerFunctions.SendTip);
            migrationBuilder.Sql("""
                REVOKE EXECUTE ON FUNCTION send_tip FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION send_tip TO digis_app;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION send_tip;");
            migrationBuilder.CreateIndex(name: "ix_idempotency_keys_created_at", table: "idempotency_keys", column: "created_at");
            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_accounts_account_id", table: "ledger_entries", column: "account_id",
                principalTable: "accounts", principalColumn: "id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(
                name: "fk_ledger_entries_transfers_transfer_id", table: "ledger_entries", column: "transfer_id",
                principalTable: "transfers", principalColumn: "id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(
                name: "fk_transfers_accounts_credit_account_id", table: "transfers", column: "credit_account_id",
                principalTable: "accounts", principalColumn: "id", onDelete: ReferentialAction.Restrict);
            migrationBuilder.AddForeignKey(
                name: "fk_transfers_accounts_debit_account_id", table: "transfers", column: "debit_account_id",
                principalTable: "accounts", principalColumn: "id", onDelete: ReferentialAction.Restrict);
        }
    }
}
