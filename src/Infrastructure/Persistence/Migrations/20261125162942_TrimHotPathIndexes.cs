using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TrimHotPathIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_account_id_created_at",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_calls_creator_id_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_fan_id_id",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_open_status",
                table: "calls");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_account_id_created_at",
                table: "ledger_entries",
                columns: new[] { "account_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_creator_id_id",
                table: "calls",
                columns: new[] { "creator_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_fan_id_id",
                table: "calls",
                columns: new[] { "fan_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_open_status",
                table: "calls",
                column: "status",
                filter: "status IN ('Requested', 'Active', 'Paused')");
        }
    }
}
