using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// <c>refuse_spend</c>: fails the one-statement spend that carries its commit when it moved nothing, so the
    /// COMMIT after it never runs (see <c>SpendStatement</c>). The message is the payer's balance, or empty.
    /// </summary>
    public partial class SpendRefusal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION refuse_spend(payer_balance bigint) RETURNS bigint
                LANGUAGE plpgsql VOLATILE AS $$
                BEGIN
                    RAISE EXCEPTION USING ERRCODE = 'DG402', MESSAGE = coalesce(payer_balance::text, '');
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION refuse_spend(bigint);");
        }
    }
}
