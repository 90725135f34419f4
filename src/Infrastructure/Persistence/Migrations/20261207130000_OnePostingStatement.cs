using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class OnePostingStatement : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // post_transfers checks for a wallet going below zero in the statement that writes the entries, and reads each
            // account once (docs/decisions/0116-one-posting-statement.md). Same signature, same results, same refusals.
            migrationBuilder.CreateFunctions(LedgerFunctions.PostTransfers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: the function's file is its one definition, and it serves the schema before this migration too.
        }
    }
}
