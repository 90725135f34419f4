using System;
using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// A goal's progress is tallied by its tips instead of summed from them on every tip and every read
    /// (docs/decisions/0122-goal-progress-tallied.md). Only <c>send_tip</c> writes the tallies; the goals set before this
    /// migration get theirs from the tips they count (refunded ones too: progress subtracts those).
    /// </summary>
    public partial class TipGoalTallies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tip_goal_tallies",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    tokens = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tip_goal_tallies", x => new { x.stream_id, x.account_id });
                    table.CheckConstraint("ck_tip_goal_tallies_tokens_positive", "tokens > 0");
                });

            migrationBuilder.CreateIndex(
                name: "ix_tips_stream_id_refunded",
                table: "tips",
                column: "stream_id",
                filter: "stream_id IS NOT NULL AND refunded_at IS NOT NULL");

            migrationBuilder.Sql(
                """
                INSERT INTO tip_goal_tallies (stream_id, account_id, set_at, tokens)
                SELECT g.stream_id, x.credit_account_id, g.set_at, sum(t.amount)
                FROM stream_goals g
                JOIN tips t ON t.stream_id = g.stream_id AND t.created_at >= g.set_at
                JOIN transfers x ON x.reference_id = t.id AND x.kind = 'Tip'
                GROUP BY g.stream_id, x.credit_account_id, g.set_at;
                """);

            migrationBuilder.CreateFunctions(LedgerFunctions.SendTip);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // send_tip's file is its one definition and reads the tallies: a schema taken below this migration needs the
            // function of the revision it goes back to.
            migrationBuilder.DropTable(
                name: "tip_goal_tallies");

            migrationBuilder.DropIndex(
                name: "ix_tips_stream_id_refunded",
                table: "tips");
        }
    }
}
