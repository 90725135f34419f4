using System;
using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A show's tips total and its goal's progress are tallied by its tips instead of summed from them on every tip and
    /// every read (docs/decisions/0122-show-tips-tallied.md). Only <c>send_tip</c> writes the tallies; the shows tipped
    /// into before this migration get theirs from their tips (refunded ones too: readers subtract those).
    /// </summary>
    public partial class StreamTipTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "stream_tip_tallies",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tokens = table.Column<long>(type: "bigint", nullable: false),
                    goal_set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    goal_tokens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_tip_tallies", x => new { x.stream_id, x.account_id });
                    table.CheckConstraint("ck_stream_tip_tallies_goal_tokens_range", "goal_tokens BETWEEN 0 AND tokens");
                    table.CheckConstraint("ck_stream_tip_tallies_tokens_positive", "tokens > 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_tips_stream_id_refunded",
                table: "tips",
                column: "stream_id",
                filter: "stream_id IS NOT NULL AND refunded_at IS NOT NULL");

            migrationBuilder.Sql(
                """
                INSERT INTO stream_tip_tallies (stream_id, account_id, tokens, goal_set_at, goal_tokens)
                SELECT t.stream_id, x.credit_account_id, sum(t.amount), g.set_at,
                       coalesce(sum(t.amount) FILTER (WHERE t.created_at >= g.set_at), 0)
                FROM tips t
                JOIN transfers x ON x.reference_id = t.id AND x.kind = 'Tip'
                LEFT JOIN stream_goals g ON g.stream_id = t.stream_id
                WHERE t.stream_id IS NOT NULL
                GROUP BY t.stream_id, x.credit_account_id, g.set_at;
                """);

            migrationBuilder.CreateFunctions(LedgerFunctions.SendTip);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // send_tip's file is its one definition and writes the tallies: a schema taken below this migration needs the
            // function of the revision it goes back to.
            migrationBuilder.DropTable(
                name: "stream_tip_tallies");

            migrationBuilder.DropIndex(
                name: "ix_tips_stream_id_refunded",
                table: "tips");
        }
    }
}
