using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CallMedia : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<TimeSpan>(
                name: "banked_media",
                table: "calls",
                type: "interval",
                nullable: false,
                defaultValue: new TimeSpan(0, 0, 0, 0, 0));

            migrationBuilder.AddColumn<bool>(
                name: "creator_media_connected",
                table: "calls",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "fan_media_connected",
                table: "calls",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "media_connected_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "media_lost_at",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "media_since",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "paused_by_participant",
                table: "calls",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Calls live at the upgrade were billed from their accept, before clients reported media: they keep
            // those rules (both sides count as connected since the accept), or the next pass would end them media-failed.
            migrationBuilder.Sql("""
                UPDATE calls SET fan_media_connected = true, creator_media_connected = true,
                                 media_connected_at = started_at, media_since = started_at
                WHERE status IN ('Active', 'Paused')
                """);

            migrationBuilder.CreateTable(
                name: "call_media_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    party = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    connected = table.Column<bool>(type: "boolean", nullable: false),
                    effect = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_call_media_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_call_media_events_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calls_fan_media_failed",
                table: "calls",
                columns: new[] { "fan_id", "ended_at" },
                filter: "end_reason = 'MediaFailed'");

            migrationBuilder.CreateIndex(
                name: "ix_call_media_events_call_id",
                table: "call_media_events",
                column: "call_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "call_media_events");

            migrationBuilder.DropIndex(
                name: "ix_calls_fan_media_failed",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "banked_media",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "creator_media_connected",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "fan_media_connected",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "media_connected_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "media_lost_at",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "media_since",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "paused_by_participant",
                table: "calls");
        }
    }
}
