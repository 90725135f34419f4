using Npgsql;

namespace Digis.Bench;

/// <summary>Users written straight into the benchmark database, ledger-consistently (funded from issuance).</summary>
public static class Seed
{
    public sealed record Users(IReadOnlyList<Guid> Fans, IReadOnlyList<Guid> Creators);

    public static async Task<Users> UsersAsync(string connectionString, int fans, int creators, long tokensPerFan)
    {
        var fanIds = Enumerable.Range(0, fans).Select(_ => Guid.CreateVersion7()).ToArray();
        var creatorIds = Enumerable.Range(0, creators).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(Sql, connection, tx) { CommandTimeout = 600 };
        command.Parameters.AddWithValue("fans", fanIds);
        command.Parameters.AddWithValue("creators", creatorIds);
        command.Parameters.AddWithValue("tokens", tokensPerFan);
        command.Parameters.AddWithValue("shards", Digis.Domain.Ledger.EarningsAccounts.ClearingShards);
        await command.ExecuteNonQueryAsync();
        await tx.CommitAsync();
        return new Users(fanIds, creatorIds);
    }

    private const string Sql = """
        CREATE TEMP TABLE seed_users ON COMMIT DROP AS
        SELECT id, gen_random_uuid() AS wallet, 'Fan' AS role, row_number() OVER () AS i, gen_random_uuid() AS transfer_id
        FROM unnest(@fans::uuid[]) AS id
        UNION ALL
        SELECT id, gen_random_uuid(), 'Creator', 0, NULL FROM unnest(@creators::uuid[]) AS id;

        INSERT INTO users (id, display_name, role, wallet_account_id, created_at)
        SELECT id, lower(role) || '-' || left(id::text, 8), role, wallet, now() FROM seed_users;
        INSERT INTO accounts (id, kind, user_id, balance, purchased, spent, earned, cashed_out)
        SELECT wallet, 'Wallet', id, CASE WHEN role = 'Fan' THEN @tokens ELSE 0 END, CASE WHEN role = 'Fan' THEN @tokens ELSE 0 END, 0, 0, 0
        FROM seed_users;
        INSERT INTO transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at)
        SELECT transfer_id, '00000000-0000-0000-0000-000000000001', wallet, @tokens, 'Purchase', transfer_id, 'bench funding', now()
        FROM seed_users WHERE role = 'Fan';

        WITH issuance AS (SELECT balance FROM accounts WHERE id = '00000000-0000-0000-0000-000000000001' FOR UPDATE)
        INSERT INTO ledger_entries (id, account_id, transfer_id, kind, amount, balance_after, counterparty_account_id, counterparty_user_id, reference_id, memo, created_at)
        SELECT gen_random_uuid(), account_id, transfer_id, 'Purchase', amount, balance_after, counterparty, counterparty_user, transfer_id, 'bench funding', now()
        FROM (
            SELECT '00000000-0000-0000-0000-000000000001'::uuid AS account_id, transfer_id, -@tokens AS amount,
                   (SELECT balance FROM issuance) - @tokens * i AS balance_after, wallet AS counterparty, id AS counterparty_user, i * 2 AS ord
            FROM seed_users WHERE role = 'Fan'
            UNION ALL
            SELECT wallet, transfer_id, @tokens, @tokens, '00000000-0000-0000-0000-000000000001'::uuid, NULL, i * 2 + 1
            FROM seed_users WHERE role = 'Fan'
        ) e ORDER BY ord;

        UPDATE accounts SET balance = balance - @tokens * cardinality(@fans::uuid[]) WHERE id = '00000000-0000-0000-0000-000000000001';

        -- Creators' earnings accounts, as provisioning opens them (SPEC §11).
        SELECT count(open_accounts(
            ARRAY(SELECT earnings_account_id(id, 'clearing:' || s) FROM generate_series(0, @shards - 1) AS s) || earnings_account_id(id, 'cashable'),
            array_fill('EarningsClearing'::text, ARRAY[@shards]) || 'EarningsCashable'::text, array_fill(id, ARRAY[@shards + 1])))
        FROM seed_users WHERE role = 'Creator';
        """;
}
