using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Calls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "call_settings",
                columns: table => new
                {
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rate_per_minute = table.Column<long>(type: "bigint", nullable: false),
                    available = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_settings", x => x.creator_id);
                    table.CheckConstraint("ck_call_settings_rate", "rate_per_minute BETWEEN 2 AND 10000 AND rate_per_minute % 2 = 0");
                    table.ForeignKey(
                        name: "fk_call_settings_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rate_per_minute = table.Column<long>(type: "bigint", nullable: false),
                    block_cost = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    end_reason = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: true),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    active_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    banked_active = table.Column<TimeSpan>(type: "interval", nullable: false),
                    paused_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    blocks_billed = table.Column<int>(type: "integer", nullable: false),
                    total_charged = table.Column<long>(type: "bigint", nullable: false),
                    fan_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    creator_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_block_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calls", x => x.id);
                    table.CheckConstraint("ck_calls_block_cost", "block_cost * 2 = rate_per_minute");
                    table.CheckConstraint("ck_calls_blocks", "blocks_billed >= 0 AND total_charged = blocks_billed * block_cost");
                    table.CheckConstraint("ck_calls_rate", "rate_per_minute BETWEEN 2 AND 10000 AND rate_per_minute % 2 = 0");
                    table.ForeignKey(
                        name: "fk_calls_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_calls_users_fan_id",
                        column: x => x.fan_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "metering_passes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    calls_metered = table.Column<int>(type: "integer", nullable: false),
                    blocks_charged = table.Column<int>(type: "integer", nullable: false),
                    calls_ended = table.Column<int>(type: "integer", nullable: false),
                    error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_metering_passes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_blocks",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    block_index = table.Column<int>(type: "integer", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    charged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_blocks", x => new { x.call_id, x.block_index });
                    table.CheckConstraint("ck_call_blocks_amount_positive", "amount > 0");
                    table.ForeignKey(
                        name: "fk_call_blocks_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calls_creator_id_id",
                table: "calls",
                columns: new[] { "creator_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_fan_id_id",
                table: "calls",
                columns: new[] { "fan_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_calls_next_block_active",
                table: "calls",
                column: "next_block_at",
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_calls_open_status",
                table: "calls",
                column: "status",
                filter: "status IN ('Requested', 'Active', 'Paused')");

            migrationBuilder.CreateIndex(
                name: "ux_calls_creator_live",
                table: "calls",
                column: "creator_id",
                unique: true,
                filter: "status IN ('Active', 'Paused')");

            migrationBuilder.CreateIndex(
                name: "ux_calls_fan_open",
                table: "calls",
                column: "fan_id",
                unique: true,
                filter: "status IN ('Requested', 'Active', 'Paused')");

            migrationBuilder.CreateIndex(
                name: "ix_metering_passes_started_at",
                table: "metering_passes",
                column: "started_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_blocks");

            migrationBuilder.DropTable(
                name: "call_settings");

            migrationBuilder.DropTable(
                name: "metering_passes");

            migrationBuilder.DropTable(
                name: "calls");
        }
    }
}
