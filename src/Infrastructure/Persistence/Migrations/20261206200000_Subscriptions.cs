using System;
using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Subscriptions (SPEC §18): tiers, subscriptions and their charges, which the hosts' role writes (not the ledger's
    /// tables: docs/decisions/0057-the-api-cannot-write-the-ledger.md); shows for subscribers; the spend kind
    /// <c>Subscription</c> counted by <c>post_transfers</c> (its file, applied again) and by the spends index.
    /// </summary>
    public partial class Subscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_spends",
                table: "ledger_entries");

            migrationBuilder.AddColumn<string>(
                name: "audience",
                table: "streams",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Everyone");

            migrationBuilder.CreateTable(
                name: "subscription_tiers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    price = table.Column<long>(type: "bigint", nullable: false),
                    perks = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ticket_discount_percent = table.Column<int>(type: "integer", nullable: false),
                    available = table.Column<bool>(type: "boolean", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false),
                    deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscription_tiers", x => x.id);
                    table.CheckConstraint("ck_subscription_tiers_discount_range", "ticket_discount_percent BETWEEN 0 AND 100");
                    table.CheckConstraint("ck_subscription_tiers_price_range", "price BETWEEN 50 AND 100000");
                    table.ForeignKey(
                        name: "fk_subscription_tiers_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    fan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    next_tier_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    renews = table.Column<bool>(type: "boolean", nullable: false),
                    period_index = table.Column<int>(type: "integer", nullable: false),
                    current_period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    current_period_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    price = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminded_period = table.Column<int>(type: "integer", nullable: false),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscriptions", x => x.id);
                    table.CheckConstraint("ck_subscriptions_price_positive", "price > 0");
                    table.ForeignKey(
                        name: "fk_subscriptions_subscription_tiers_next_tier_id",
                        column: x => x.next_tier_id,
                        principalTable: "subscription_tiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscriptions_subscription_tiers_tier_id",
                        column: x => x.tier_id,
                        principalTable: "subscription_tiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscriptions_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscriptions_users_fan_id",
                        column: x => x.fan_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "subscription_charges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    fan_id = table.Column<Guid>(type: "uuid", nullable: false),
                    creator_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tier_id = table.Column<Guid>(type: "uuid", nullable: false),
                    period_index = table.Column<int>(type: "integer", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    charged_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    refunded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_subscription_charges", x => x.id);
                    table.CheckConstraint("ck_subscription_charges_amount_positive", "amount > 0");
                    table.ForeignKey(
                        name: "fk_subscription_charges_subscription_tiers_tier_id",
                        column: x => x.tier_id,
                        principalTable: "subscription_tiers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscription_charges_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscription_charges_users_creator_id",
                        column: x => x.creator_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_subscription_charges_users_fan_id",
                        column: x => x.fan_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_spends",
                table: "ledger_entries",
                columns: new[] { "account_id", "created_at" },
                filter: "amount < 0 AND kind IN ('Tip', 'Ticket', 'CallBlock', 'Subscription')")
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            migrationBuilder.CreateIndex(
                name: "ix_subscription_charges_subscription_id_id",
                table: "subscription_charges",
                columns: new[] { "subscription_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ux_subscription_charges_period",
                table: "subscription_charges",
                columns: new[] { "subscription_id", "period_index" },
                unique: true,
                filter: "kind = 'Period'");

            migrationBuilder.CreateIndex(
                name: "ix_subscription_tiers_creator_id_position",
                table: "subscription_tiers",
                columns: new[] { "creator_id", "position" },
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_creator_active",
                table: "subscriptions",
                columns: new[] { "creator_id", "tier_id" },
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_creator_id_id",
                table: "subscriptions",
                columns: new[] { "creator_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_due",
                table: "subscriptions",
                column: "due_at",
                filter: "due_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_fan_id_id",
                table: "subscriptions",
                columns: new[] { "fan_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_next_tier_id",
                table: "subscriptions",
                column: "next_tier_id",
                filter: "next_tier_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_renewing",
                table: "subscriptions",
                column: "current_period_end",
                filter: "status = 'Active' AND renews");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_tier_id",
                table: "subscriptions",
                column: "tier_id");

            migrationBuilder.CreateIndex(
                name: "ux_subscriptions_fan_open",
                table: "subscriptions",
                columns: new[] { "fan_id", "creator_id" },
                unique: true,
                filter: "status IN ('Active', 'PastDue')");

            // Said here, not left to LedgerWrittenByItsFunctionsOnly's default privileges, which hold only for tables
            // made by the role that ran it.
            migrationBuilder.Sql("GRANT SELECT, INSERT, UPDATE, DELETE ON subscription_tiers, subscriptions, subscription_charges TO digis_app;");
            migrationBuilder.CreateFunctions(LedgerFunctions.PostTransfers);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "subscription_charges");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropTable(
                name: "subscription_tiers");

            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_spends",
                table: "ledger_entries");

            migrationBuilder.DropColumn(
                name: "audience",
                table: "streams");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_spends",
                table: "ledger_entries",
                columns: new[] { "account_id", "created_at" },
                filter: "amount < 0 AND kind IN ('Tip', 'Ticket', 'CallBlock')")
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });
        }
    }
}
