using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Payouts through Stripe Connect (SPEC §16, docs/decisions/0090): the cash-out's approval, transfer, bank and retry
    /// columns, the creators' payout accounts and weekly schedules, granted to the API's role.
    /// </summary>
    public partial class Payouts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "cashouts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "bank_payout_id",
                table: "cashouts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "bank_status",
                table: "cashouts",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "failed_at",
                table: "cashouts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "failure_reason",
                table: "cashouts",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "first_approved_by",
                table: "cashouts",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "first_approved_by_id",
                table: "cashouts",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "cashouts",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_attempt_at",
                table: "cashouts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "paid_at",
                table: "cashouts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "reversal_due",
                table: "cashouts",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "transfer_id",
                table: "cashouts",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "payout_accounts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    payouts_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    details_submitted = table.Column<bool>(type: "boolean", nullable: false),
                    disabled_reason = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    requirements = table.Column<List<string>>(type: "text[]", nullable: false),
                    country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    state_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payout_accounts", x => x.id);
                    table.ForeignKey(
                        name: "fk_payout_accounts_users_id",
                        column: x => x.id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "payout_schedules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    weekday = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    minimum_tokens = table.Column<long>(type: "bigint", nullable: false),
                    last_run_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_payout_schedules", x => x.id);
                    table.CheckConstraint("ck_payout_schedules_minimum", "minimum_tokens > 0");
                    table.ForeignKey(
                        name: "fk_payout_schedules_users_id",
                        column: x => x.id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cashouts_next_attempt_at",
                table: "cashouts",
                column: "next_attempt_at",
                filter: "status = 'Approved'");

            migrationBuilder.CreateIndex(
                name: "ix_cashouts_reversal_due",
                table: "cashouts",
                column: "id",
                filter: "reversal_due");

            migrationBuilder.CreateIndex(
                name: "ix_cashouts_transfer_id",
                table: "cashouts",
                column: "transfer_id",
                filter: "transfer_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_payout_accounts_account_id",
                table: "payout_accounts",
                column: "account_id",
                unique: true);

            // The API's role reads and writes the payouts' tables (SPEC §19, docs/decisions/0057): said here, not left to
            // LedgerWrittenByItsFunctionsOnly's default privileges, which hold only for tables made by the role that ran it.
            migrationBuilder.Sql("GRANT SELECT, INSERT, UPDATE, DELETE ON payout_accounts, payout_schedules TO digis_app;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "payout_accounts");

            migrationBuilder.DropTable(
                name: "payout_schedules");

            migrationBuilder.DropIndex(
                name: "ix_cashouts_next_attempt_at",
                table: "cashouts");

            migrationBuilder.DropIndex(
                name: "ix_cashouts_reversal_due",
                table: "cashouts");

            migrationBuilder.DropIndex(
                name: "ix_cashouts_transfer_id",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "bank_payout_id",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "bank_status",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "failed_at",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "failure_reason",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "first_approved_by",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "first_approved_by_id",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "next_attempt_at",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "paid_at",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "reversal_due",
                table: "cashouts");

            migrationBuilder.DropColumn(
                name: "transfer_id",
                table: "cashouts");
        }
    }
}
