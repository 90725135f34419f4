using Digis.Infrastructure.Ledger;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Earnings apart from spending (SPEC §11, docs/decisions/0006-earnings-clear-by-sub-account.md): a user owns several
    /// accounts; creators get clearing sub-accounts and a cashable account, ticketed shows an escrow; the posting
    /// function keeps every owned account's lifetime figures and answers the owners' earnings; what creators had
    /// earned before (in their wallets) becomes cashable.
    /// </summary>
    public partial class EarningsThatClear : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_accounts_user_id",
                table: "accounts");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_account_id_created_at",
                table: "ledger_entries",
                columns: new[] { "account_id", "created_at" },
                filter: "amount > 0")
                .Annotation("Npgsql:IndexInclude", new[] { "amount" });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_user_id_kind",
                table: "accounts",
                columns: new[] { "user_id", "kind" });

            // The earnings accounts' ids, and the posting function that keeps every owned account's lifetime figures and
            // answers the owners' earnings (it returns one column more: dropped first).
            migrationBuilder.Sql("DROP FUNCTION post_transfers(uuid[], uuid[], uuid[], bigint[], text[], uuid[], text[], timestamptz);");
            migrationBuilder.CreateFunctions(LedgerFunctions.EarningsAccountId, LedgerFunctions.PostTransfers);
            migrationBuilder.Sql(""""
                INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                SELECT earnings_account_id(u.id, 'clearing:' || s), 'EarningsClearing', u.id, 0, 0, 0, 0, 0
                FROM users u CROSS JOIN generate_series(0, 15) AS s WHERE u.role = 'Creator'
                UNION ALL
                SELECT earnings_account_id(u.id, 'cashable'), 'EarningsCashable', u.id, 0, 0, 0, 0, 0
                FROM users u WHERE u.role = 'Creator'
                ON CONFLICT (id) DO NOTHING;

                INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
                SELECT earnings_account_id(s.id, 'escrow'), 'Escrow', s.creator_id, 0, 0, 0, 0, 0
                FROM streams s WHERE s.ticket_price IS NOT NULL;

                -- Before v2 a creator's earnings reached their wallet. What they earned and did not cash out, as far as the
                -- wallet still holds it, moves to their cashable earnings: it was paid long ago and cash-outs drew from it.
                WITH moves AS (
                    SELECT a.id AS wallet, earnings_account_id(a.user_id, 'cashable') AS cashable, a.user_id,
                           least(a.balance, a.earned - a.cashed_out) AS amount
                    FROM accounts a JOIN users u ON u.wallet_account_id = a.id
                    WHERE u.role = 'Creator' AND least(a.balance, a.earned - a.cashed_out) > 0
                ), arrays AS (
                    SELECT array_agg(uuid_v7(now()) ORDER BY wallet) AS ids, array_agg(wallet ORDER BY wallet) AS debits,
                           array_agg(cashable ORDER BY wallet) AS credits, array_agg(amount ORDER BY wallet) AS amounts,
                           array_agg('Adjustment'::text ORDER BY wallet) AS kinds, array_agg(user_id ORDER BY wallet) AS refs,
                           array_agg('earnings before v2, now cashable'::text ORDER BY wallet) AS memos
                    FROM moves HAVING count(*) > 0
                )
                SELECT count(*) FROM arrays, post_transfers(ids, debits, credits, amounts, kinds, refs, memos, now());
                """");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Earnings cannot be folded back into wallets without moving money: going down is not supported.
            throw new NotSupportedException("EarningsThatClear moves money into earnings accounts and is not reversible.");
        }
    }
}
