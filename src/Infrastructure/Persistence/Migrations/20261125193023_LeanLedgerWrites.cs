using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class LeanLedgerWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transfers_credit_account_id",
                table: "transfers");

            migrationBuilder.DropIndex(
                name: "ix_transfers_debit_account_id",
                table: "transfers");

            migrationBuilder.DropUniqueConstraint(
                name: "ak_ledger_entries_seq",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_reference_id",
                table: "ledger_entries");

            migrationBuilder.AlterTable(
                name: "accounts")
                .Annotation("Npgsql:StorageParameter:fillfactor", 80);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterTable(
                name: "accounts")
                .OldAnnotation("Npgsql:StorageParameter:fillfactor", 80);

            migrationBuilder.AddUniqueConstraint(
                name: "ak_ledger_entries_seq",
                table: "ledger_entries",
                column: "seq");

            migrationBuilder.CreateIndex(
                name: "ix_transfers_credit_account_id",
                table: "transfers",
                column: "credit_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_transfers_debit_account_id",
                table: "transfers",
                column: "debit_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_reference_id",
                table: "ledger_entries",
                column: "reference_id");
        }
    }
}
