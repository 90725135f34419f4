using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OpenShowsEscrow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_streams_creator_open",
                table: "streams",
                column: "creator_id",
                filter: "status IN ('Scheduled', 'Live')");

            // post_transfers reads the escrow of open shows only, through this index (docs/decisions/0121-open-shows-escrow.md).
            // Same signature, same results.
            migrationBuilder.CreateFunctions(LedgerFunctions.PostTransfers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_streams_creator_open",
                table: "streams");
        }
    }
}
