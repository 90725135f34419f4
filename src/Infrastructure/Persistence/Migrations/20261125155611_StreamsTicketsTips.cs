using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StreamsTicketsTips : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "streams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    category = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ticket_price = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    overlay_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_streams", x => x.id);
                    table.CheckConstraint("ck_streams_ticket_price_range", "ticket_price IS NULL OR ticket_price BETWEEN 1 AND 100000");
                    table.ForeignKey(
                        name: "fk_streams_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tickets",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    stream_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    price = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    refunded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tickets", x => x.id);
                    table.CheckConstraint("ck_tickets_price_positive", "price > 0");
                    table.ForeignKey(
                        name: "fk_tickets_streams_stream_id",
                        column: x => x.stream_id,
                        principalTable: "streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tickets_users_fan_id",
                        column: x => x.fan_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tips",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    fan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    message = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    stream_id = table.Column<Guid>(type: "uuid", nullable: true),
                    call_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    refunded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tips", x => x.id);
                    table.CheckConstraint("ck_tips_amount_positive", "amount > 0");
                    table.ForeignKey(
                        name: "fk_tips_streams_stream_id",
                        column: x => x.stream_id,
                        principalTable: "streams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tips_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_tips_users_fan_id",
                        column: x => x.fan_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_streams_creator_id_id",
                table: "streams",
                columns: new[] { "creator_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_streams_status_id",
                table: "streams",
                columns: new[] { "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tickets_fan_id",
                table: "tickets",
                column: "fan_id");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_stream_id_fan_id",
                table: "tickets",
                columns: new[] { "stream_id", "fan_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tips_call_id",
                table: "tips",
                column: "call_id",
                filter: "call_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_tips_creator_id_id",
                table: "tips",
                columns: new[] { "creator_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tips_fan_id_id",
                table: "tips",
                columns: new[] { "fan_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_tips_stream_id",
                table: "tips",
                column: "stream_id",
                filter: "stream_id IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tickets");

            migrationBuilder.DropTable(
                name: "tips");

            migrationBuilder.DropTable(
                name: "streams");
        }
    }
}
