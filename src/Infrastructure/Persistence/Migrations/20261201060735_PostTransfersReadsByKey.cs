using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PostTransfersReadsByKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // post_transfers reads accounts by key: the touched ids computed once, index scans only, the earnings summary
            // per owner (docs/decisions/0029-what-a-keyed-tip-costs.md). Same signature, same results.
            migrationBuilder.CreateFunctions(LedgerFunctions.PostTransfers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the function's file is its one definition, and it serves the schema before this migration too.
        }
    }
}
