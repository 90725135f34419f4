using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StudioGoalsMenusLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "menu_item_id",
                table: "tips",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "menu_label",
                table: "tips",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "spending_limits",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    daily_tokens = table.Column<long>(type: "bigint", nullable: true),
                    daily_next_tokens = table.Column<long>(type: "bigint", nullable: true),
                    daily_next_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    monthly_tokens = table.Column<long>(type: "bigint", nullable: true),
                    monthly_next_tokens = table.Column<long>(type: "bigint", nullable: true),
                    monthly_next_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_spending_limits", x => x.user_id);
                    table.ForeignKey(
                        name: "fk_spending_limits_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "stream_goals",
                columns: table => new
                {
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    target = table.Column<long>(type: "bigint", nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reached_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_stream_goals", x => x.stream_id);
                    table.CheckConstraint("ck_stream_goals_target_range", "target BETWEEN 1 AND 1000000");
                    table.ForeignKey(
                        name: "fk_stream_goals_streams_stream_id",
                        column: x => x.stream_id,
                        principalTable: "streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tip_menu_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    label = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    price = table.Column<long>(type: "bigint", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tip_menu_items", x => x.id);
                    table.CheckConstraint("ck_tip_menu_items_price_range", "price BETWEEN 1 AND 100000");
                    table.ForeignKey(
                        name: "fk_tip_menu_items_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_creators",
                table: "users",
                column: "id",
                filter: "role = 'Creator'");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_spends",
                table: "ledger_entries",
                columns: new[] { "account_id", "created_at" },
                filter: "amount < 0 AND kind IN ('Tip', 'Ticket', 'CallBlock')")
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_creator_requested",
                table: "calls",
                column: "creator_id",
                filter: "status = 'Requested'");

            migrationBuilder.CreateIndex(
                name: "ix_tip_menu_items_creator_id_position",
                table: "tip_menu_items",
                columns: new[] { "creator_id", "position" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "spending_limits");

            migrationBuilder.DropTable(
                name: "stream_goals");

            migrationBuilder.DropTable(
                name: "tip_menu_items");

            migrationBuilder.DropIndex(
                name: "ix_users_creators",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_spends",
                table: "ledger_entries");

            migrationBuilder.DropIndex(
                name: "ix_calls_creator_requested",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "menu_item_id",
                table: "tips");

            migrationBuilder.DropColumn(
                name: "menu_label",
                table: "tips");
        }
    }
}
