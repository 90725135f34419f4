using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class StaffCreditsFollowed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "admin_requested_at",
                table: "AspNetUsers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "admin_requested_by_id",
                table: "AspNetUsers",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "staff_adjustments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    earnings = table.Column<bool>(type: "boolean", nullable: false),
                    credit = table.Column<bool>(type: "boolean", nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    requested_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    requested_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    approved_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    approved_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    posted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_staff_adjustments", x => x.id);
                    table.CheckConstraint("ck_staff_adjustments_amount", "amount BETWEEN 1 AND 1000000000");
                    table.CheckConstraint("ck_staff_adjustments_posted", "(status = 'Posted') = (posted_at IS NOT NULL)");
                    table.ForeignKey(
                        name: "fk_staff_adjustments_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_staff_adjustments_pending",
                table: "staff_adjustments",
                column: "requested_at",
                filter: "status = 'Pending'");

            migrationBuilder.CreateIndex(
                name: "ix_staff_adjustments_requested_by_id_requested_at",
                table: "staff_adjustments",
                columns: new[] { "requested_by_id", "requested_at" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_adjustments_user_id_posted_at",
                table: "staff_adjustments",
                columns: new[] { "user_id", "posted_at" });

            migrationBuilder.CreateIndex(
                name: "ix_staff_adjustments_wallet_credits",
                table: "staff_adjustments",
                column: "posted_at",
                filter: "status = 'Posted' AND credit AND NOT earnings");

            // Adjustments made before this table existed, so the four-eyes rule and the cash-out queue see them from the
            // first day: each one's transfers (one, or one per earnings sub-account an admin's debit drew on) matched to
            // its audit line (same user and tokens, within a minute), whose e-mail names the staff account.
            migrationBuilder.Sql(
                """
                INSERT INTO staff_adjustments (id, user_id, earnings, credit, amount, reason, reference, requested_by_id, requested_by,
                                               requested_at, status, posted_at)
                SELECT adj.reference_id, adj.user_id, adj.earnings, adj.credit, adj.amount, line.reason, NULL,
                       coalesce(staff.id, '00000000-0000-0000-0000-000000000000'), line.staff, adj.at, 'Posted', adj.at
                FROM (
                    SELECT t.reference_id, a.user_id, bool_or(a.kind <> 'Wallet') AS earnings,
                           bool_or(t.debit_account_id = '00000000-0000-0000-0000-000000000004') AS credit,
                           sum(t.amount) AS amount, min(t.created_at) AS at
                    FROM transfers t
                    JOIN accounts a ON a.id = CASE WHEN t.debit_account_id = '00000000-0000-0000-0000-000000000004'
                                                   THEN t.credit_account_id ELSE t.debit_account_id END
                    WHERE t.kind = 'Adjustment' AND a.user_id IS NOT NULL
                      AND '00000000-0000-0000-0000-000000000004' IN (t.debit_account_id, t.credit_account_id)
                    GROUP BY t.reference_id, a.user_id
                ) adj
                JOIN LATERAL (
                    SELECT s.staff, s.reason FROM staff_actions s
                    WHERE s.action IN ('wallet.credit', 'wallet.debit', 'earnings.credit', 'earnings.debit')
                      AND s.target LIKE 'user ' || adj.user_id || ': ' || adj.amount || ' tokens%'
                      AND s.at BETWEEN adj.at - interval '1 minute' AND adj.at + interval '1 minute'
                    ORDER BY abs(extract(epoch FROM s.at - adj.at)) LIMIT 1
                ) line ON true
                LEFT JOIN "AspNetUsers" staff ON staff.normalized_email = upper(line.staff)
                WHERE adj.amount BETWEEN 1 AND 1000000000
                ON CONFLICT (id) DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "staff_adjustments");

            migrationBuilder.DropColumn(
                name: "admin_requested_at",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "admin_requested_by_id",
                table: "AspNetUsers");
        }
    }
}
