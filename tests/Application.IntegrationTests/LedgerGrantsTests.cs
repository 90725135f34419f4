using Digis.Application.Common.Interfaces;
using System.Text.RegularExpressions;
using Digis.Domain.Ledger;
using Digis.Infrastructure.Ledger;
using Digis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Digis.Application.IntegrationTests;

/// <summary>
/// SPEC §19: "post_transfers is the only ledger writer" holds in the database's grants, not only in the code. The API
/// connects as a member of <c>digis_app</c>: it reads everything and calls the ledger's functions, but a statement of
/// its own that writes accounts, transfers or entries is refused.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class LedgerGrantsTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    /// <summary>The tables only the ledger's functions (and migrations) write.</summary>
    private static readonly string[] LedgerTables = ["accounts", "transfers", "ledger_entries", "__ef_migrations_history"];

    [Fact]
    public async Task The_api_connects_as_a_role_that_is_neither_superuser_nor_owner()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var db = (DbContext)scope.ServiceProvider.GetRequiredService<IDigisDbContext>();
        var role = await db.Database.SqlQueryRaw<string>("SELECT current_user::text AS \"Value\"").SingleAsync();

        role.ShouldBe(TestDatabase.AppRole);
        (await App.CountAsync($"SELECT count(*) FROM pg_roles WHERE rolname = '{role}' AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)")).ShouldBe(0);
        (await App.CountAsync($"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = '{role}'")).ShouldBe(0);
    }

    public static TheoryData<string> DirectWrites() => new()
    {
        "INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out) VALUES (gen_random_uuid(), 'Wallet', NULL, 1000000, 0, 0, 0, 0)",
        "INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at) "
            + "VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-000000000004', 5, 'Adjustment', gen_random_uuid(), NULL, now())",
        "INSERT INTO ledger_entries (id, account_id, transfer_id, kind, amount, balance_after, counterparty_account_id, reference_id, created_at) "
            + "SELECT gen_random_uuid(), account_id, transfer_id, kind, amount, balance_after, counterparty_account_id, reference_id, now() FROM ledger_entries LIMIT 1",
        "UPDATE accounts SET balance = balance + 1000 WHERE kind = 'Wallet'",
        "DELETE FROM ledger_entries",
        "TRUNCATE transfers CASCADE",
        "SELECT id FROM accounts ORDER BY id LIMIT 1 FOR UPDATE",
        "DELETE FROM \"__ef_migrations_history\"",
    };

    [Theory]
    [MemberData(nameof(DirectWrites))]
    public async Task A_direct_write_to_the_ledger_as_the_api_is_refused(string sql)
    {
        var fan = await App.FundedUserAsync(25);
        var entries = await App.CountAsync("SELECT count(*) FROM ledger_entries");

        var refused = await Should.ThrowAsync<PostgresException>(() => App.CountAsync(sql));

        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, refused.MessageText);
        (await App.CountAsync("SELECT count(*) FROM ledger_entries")).ShouldBe(entries);
        (await App.BalanceAsync(fan.Id)).ShouldBe(25);
    }

    [Fact]
    public async Task The_api_moves_tokens_only_through_the_ledgers_functions_which_no_one_else_may_call()
    {
        var fan = await App.FundedUserAsync(40); // post_transfers, as the API's role
        (await App.BalanceAsync(fan.Id)).ShouldBe(40);

        // Every function whose file writes or locks a ledger table: a new one is held to the same grants as it is added.
        var writers = LedgerFunctions.All.Where(name => WritesTheLedger(LedgerFunctions.Definition(name))).ToList();
        writers.ShouldBe([LedgerFunctions.OpenAccounts, LedgerFunctions.LockAccounts, LedgerFunctions.PostTransfers, LedgerFunctions.SendTip], ignoreOrder: true);
        var functions = await App.CountAsync($"""
            SELECT count(*) FROM pg_proc
            WHERE pronamespace = 'public'::regnamespace AND proname IN ({string.Join(", ", writers.Select(w => $"'{w}'"))})
              AND prosecdef AND proconfig @> ARRAY['search_path=public, pg_temp']
              AND has_function_privilege('digis_app', oid, 'EXECUTE')
              AND NOT has_function_privilege('public', oid, 'EXECUTE')
            """);
        functions.ShouldBe(writers.Count, "each writes the ledger as its owner, with a fixed search_path, for digis_app only");
    }

    [Theory]
    [InlineData("INSERT INTO accounts (id) VALUES (x)", true)]
    [InlineData("UPDATE ledger_entries SET memo = ''", true)]
    [InlineData("SELECT id FROM accounts ORDER BY id FOR UPDATE OF a", true)]
    [InlineData("SELECT balance FROM accounts WHERE id = x", false)]
    [InlineData("INSERT INTO idempotency_keys (key) VALUES (x)", false)]
    public void The_writer_check_can_tell_a_ledger_writer(string body, bool writes) => WritesTheLedger(body).ShouldBe(writes);

    private static bool WritesTheLedger(string definition) => Regex.IsMatch(
        definition, @"\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(accounts|transfers|ledger_entries)\b|\bFOR\s+UPDATE\b", RegexOptions.IgnoreCase);

    [Fact]
    public async Task The_api_writes_every_other_table_and_no_ledger_table()
    {
        var rows = await RowsAsync("""
            SELECT tablename, has_table_privilege('digis_app', quote_ident(tablename), 'INSERT'),
                   has_table_privilege('digis_app', quote_ident(tablename), 'UPDATE'),
                   has_table_privilege('digis_app', quote_ident(tablename), 'DELETE'),
                   has_table_privilege('digis_app', quote_ident(tablename), 'SELECT')
            FROM pg_tables WHERE schemaname = 'public'
            """);

        rows.Count.ShouldBeGreaterThan(LedgerTables.Length);
        // The payouts' own tables (SPEC §16) are among those the API writes: the payout accounts and the weekly schedules.
        rows.Select(r => r.Table).Where(t => t.StartsWith("payout_", StringComparison.Ordinal)).ShouldBe(["payout_accounts", "payout_schedules"], ignoreOrder: true);
        var wrong = rows.Where(r => !r.Read || r.Writes != (LedgerTables.Contains(r.Table) ? "none" : "all")).Select(r => $"{r.Table}: {r.Writes}").ToList();
        wrong.ShouldBeEmpty("a ledger table the API may write, or another table it may not read and write");
    }

    /// <summary>Each table, whether the API's role may insert, update and delete there (<c>all</c>, <c>none</c>, <c>some</c>), and read it.</summary>
    private async Task<List<(string Table, string Writes, bool Read)>> RowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, bool)>();
        while (await reader.ReadAsync())
        {
            bool[] writes = [reader.GetBoolean(1), reader.GetBoolean(2), reader.GetBoolean(3)];
            rows.Add((reader.GetString(0), writes.All(w => w) ? "all" : writes.Any(w => w) ? "some" : "none", reader.GetBoolean(4)));
        }

        return rows;
    }
}
