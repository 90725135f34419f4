using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SynchronousStandbys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // How many standbys acknowledge commits synchronously (SPEC §12; §20's alert): Ledger/Sql/synchronous_standbys.sql.
            migrationBuilder.CreateFunctions(LedgerFunctions.SynchronousStandbys);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION public.synchronous_standbys();");
        }
    }
}
