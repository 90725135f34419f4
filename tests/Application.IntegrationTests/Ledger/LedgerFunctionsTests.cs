using System.Text.RegularExpressions;
using Digis.Domain.Ledger;
using Digis.Infrastructure.Ledger;
using Digis.Testing;
using Npgsql;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// The ledger's functions in the database (built by every migration from the first) are the files in
/// <c>Infrastructure/Ledger/Sql</c> word for word, no other function is there, and what they repeat of the domain
/// says what the domain says.
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class LedgerFunctionsTests(DigisApiFactory app)
{
    [Fact]
    public async Task Every_ledger_function_in_the_database_is_its_file_word_for_word()
    {
        foreach (var name in LedgerFunctions.All)
        {
            var inDatabase = await ScalarAsync<string>($"SELECT pg_get_functiondef('public.{name}'::regproc)");

            inDatabase.TrimEnd().ShouldBe(LedgerFunctions.Definition(name), $"Ledger/Sql/{name}.sql");
        }
    }

    [Fact]
    public async Task The_database_holds_no_function_that_has_no_file()
    {
        var functions = await ListAsync("SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY proname");

        functions.ShouldBe(LedgerFunctions.All.Order(StringComparer.Ordinal), ignoreOrder: true);
    }

    [Fact]
    public async Task Earnings_account_ids_are_derived_alike_in_the_domain_and_in_sql()
    {
        var owner = Guid.CreateVersion7();

        (await DerivedAsync(owner, "clearing:0")).ShouldBe(EarningsAccounts.Clearing(owner, 0));
        (await DerivedAsync(owner, $"clearing:{EarningsAccounts.ClearingShards - 1}")).ShouldBe(EarningsAccounts.Clearing(owner, EarningsAccounts.ClearingShards - 1));
        (await DerivedAsync(owner, "cashable")).ShouldBe(EarningsAccounts.Cashable(owner));
        (await DerivedAsync(owner, "escrow")).ShouldBe(EarningsAccounts.Escrow(owner));
        (await DerivedAsync(owner, "held")).ShouldBe(EarningsAccounts.Held(owner));
    }

    [Fact]
    public async Task The_posting_function_counts_as_spent_and_earned_the_spend_kinds_of_the_domain_and_their_refunds()
    {
        var definition = await ScalarAsync<string>("SELECT pg_get_functiondef('public.post_transfers'::regproc)");

        Occurrences(definition, InList(TransferKinds.Spends)).ShouldBe(2, "spent and earned");
        Occurrences(definition, InList(TransferKinds.Refunds)).ShouldBe(2, "spent and earned");
    }

    [Fact]
    public async Task The_tip_function_counts_against_spending_limits_the_spend_kinds_of_the_domain()
    {
        var definition = await ScalarAsync<string>("SELECT pg_get_functiondef('public.send_tip'::regproc)");

        Occurrences(definition, InList(TransferKinds.Spends, "e")).ShouldBe(1, "what the fan spent today and this month (SPEC §13)");
    }

    [Fact]
    public async Task The_spends_index_holds_the_wallet_debits_of_the_domain_spend_kinds()
    {
        var definition = await ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_ledger_entries_spends'");

        definition.ShouldContain("WHERE ((amount < 0) AND ");
        Regex.Matches(definition, @"'(\w+)'::").Select(m => m.Groups[1].Value).ShouldBe(TransferKinds.Spends.Select(k => k.ToString()));
    }

    private static string InList(IEnumerable<TransferKind> kinds, string alias = "l") => $"{alias}.kind IN ({string.Join(", ", kinds.Select(k => $"'{k}'"))})";

    private static int Occurrences(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private Task<Guid> DerivedAsync(Guid owner, string part) => ScalarAsync<Guid>($"SELECT earnings_account_id('{owner}', '{part}')");

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> ListAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
