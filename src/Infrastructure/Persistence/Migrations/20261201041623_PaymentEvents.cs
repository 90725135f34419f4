using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Provider events in any order (SPEC §11, docs/decisions/0012-provider-events-in-any-order.md): what a purchase has seen and moved
    /// (payment, refunds, dispute, held and recovered tokens) and its checkout; a user's debt; each webhook event's
    /// payment, purchase and outcome. Existing completed and refunded purchases are marked credited, a refund before
    /// this change as the whole price, and the tokens such refunds could not recover become their users' debt.
    /// </summary>
    public partial class PaymentEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "webhook_events",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "payment_intent",
                table: "webhook_events",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "purchase_id",
                table: "webhook_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "debt",
                table: "users",
                type: "bigint",
                nullable: false,
                defaultValueSql: "0");

            migrationBuilder.AddColumn<string>(
                name: "checkout_session_id",
                table: "purchases",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "checkout_url",
                table: "purchases",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "credited",
                table: "purchases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "dispute",
                table: "purchases",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<long>(
                name: "held_tokens",
                table: "purchases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "payment_intent_id",
                table: "purchases",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "refunded_cents",
                table: "purchases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<bool>(
                name: "voided_before_completion",
                table: "purchases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_payment_intent",
                table: "webhook_events",
                column: "payment_intent",
                filter: "payment_intent IS NOT NULL AND purchase_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_webhook_events_purchase_id_received_at",
                table: "webhook_events",
                columns: new[] { "purchase_id", "received_at" },
                filter: "purchase_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_users_debt_not_negative",
                table: "users",
                sql: "debt >= 0");

            migrationBuilder.CreateIndex(
                name: "ix_purchases_payment_intent_id",
                table: "purchases",
                column: "payment_intent_id",
                filter: "payment_intent_id IS NOT NULL");

            migrationBuilder.Sql("""
                UPDATE purchases SET credited = true WHERE status IN ('Completed', 'Refunded') AND completed_at IS NOT NULL;
                UPDATE purchases SET refunded_cents = price_cents WHERE status = 'Refunded';
                UPDATE purchases SET checkout_url = '/api/sandbox/checkout/' || id::text WHERE checkout_url IS NULL;
                UPDATE users u SET debt = o.owed
                FROM (SELECT user_id, sum(unrecovered_tokens) AS owed FROM purchases GROUP BY user_id HAVING sum(unrecovered_tokens) > 0) o
                WHERE o.user_id = u.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_webhook_events_payment_intent",
                table: "webhook_events");

            migrationBuilder.DropIndex(
                name: "ix_webhook_events_purchase_id_received_at",
                table: "webhook_events");

            migrationBuilder.DropCheckConstraint(
                name: "ck_users_debt_not_negative",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_purchases_payment_intent_id",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "payment_intent",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "purchase_id",
                table: "webhook_events");

            migrationBuilder.DropColumn(
                name: "debt",
                table: "users");

            migrationBuilder.DropColumn(
                name: "checkout_session_id",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "checkout_url",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "credited",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "dispute",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "held_tokens",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "payment_intent_id",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "refunded_cents",
                table: "purchases");

            migrationBuilder.DropColumn(
                name: "voided_before_completion",
                table: "purchases");
        }
    }
}
