using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClaimKeysWithTheCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A command's Idempotency-Key is claimed in its commit's round trip, with its response.
            migrationBuilder.CreateFunctions(LedgerFunctions.ClaimIdempotencyKey);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION claim_idempotency_key(uuid, text, text, text, timestamptz, timestamptz);");
        }
    }
}
