using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TicketsRebuyAfterRefund : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_stream_id_fan_id",
                table: "tickets");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_stream_id_fan_id",
                table: "tickets",
                columns: new[] { "stream_id", "fan_id" },
                unique: true,
                filter: "refunded_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_tickets_stream_id_fan_id",
                table: "tickets");

            migrationBuilder.CreateIndex(
                name: "ix_tickets_stream_id_fan_id",
                table: "tickets",
                columns: new[] { "stream_id", "fan_id" },
                unique: true);
        }
    }
}
