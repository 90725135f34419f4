using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// <c>post_transfers</c> computes a single transfer's legs without the batch's statement, whose plan costs a tip more to
    /// start than the rest of its posting (docs/decisions/0120-a-single-transfers-legs.md). Same signature, same results,
    /// same refusals. The model does not change, so this migration has no designer file of its own: its attributes are here.
    /// </summary>
    [DbContext(typeof(DigisDbContext))]
    [Migration("20261207180000_SingleTransferLegs")]
    public partial class SingleTransferLegs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateFunctions(LedgerFunctions.PostTransfers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the function's file is its one definition, and it serves the schema before this migration too.
        }
    }
}
