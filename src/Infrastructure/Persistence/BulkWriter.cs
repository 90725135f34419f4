using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Digis.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// The metering hot path's writes in bulk, inside the current transaction: transfers, ledger entries (in
/// posting order, so their sequence numbers follow it) and call blocks by binary COPY; accounts and calls
/// by <c>UPDATE … FROM unnest(…)</c>. Nothing here decides anything: the rows are what the domain made.
/// </summary>
internal sealed class BulkWriter(DigisDbContext db) : IBulkWriter
{
    public Task UseKeyLookupsAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off", cancellationToken);

    public async Task WriteAsync(
        IReadOnlyList<Transfer> transfers,
        IReadOnlyList<CallBlock> blocks,
        IReadOnlyCollection<Account> accounts,
        IReadOnlyCollection<Call> calls,
        CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await CopyTransfersAsync(connection, transfers, cancellationToken);
        await CopyEntriesAsync(connection, transfers.SelectMany(t => t.Entries).ToList(), cancellationToken);
        await CopyBlocksAsync(connection, blocks, cancellationToken);
        await UpdateAccountsAsync(connection, accounts, cancellationToken);
        await UpdateCallsAsync(connection, calls, cancellationToken);
    }

    private static async Task CopyTransfersAsync(NpgsqlConnection connection, IReadOnlyList<Transfer> transfers, CancellationToken ct)
    {
        if (transfers.Count == 0)
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY transfers (id, debit_account_id, credit_account_id, amount, kind, reference_id, memo, created_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var t in transfers)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(t.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(t.DebitAccountId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(t.CreditAccountId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(t.Amount.Value, NpgsqlDbType.Bigint);
            await copy.WriteAsync(t.Kind.ToString(), NpgsqlDbType.Varchar);
            await copy.WriteAsync(t.ReferenceId, NpgsqlDbType.Uuid);
            await WriteTextAsync(copy, t.Memo);
            await copy.WriteAsync(t.CreatedAt, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task CopyEntriesAsync(NpgsqlConnection connection, List<LedgerEntry> entries, CancellationToken ct)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY ledger_entries (id, account_id, transfer_id, kind, amount, balance_after, counterparty_account_id, counterparty_user_id, reference_id, memo, created_at) FROM STDIN (FORMAT BINARY)",
            ct);
        foreach (var e in entries)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(e.Id, NpgsqlDbType.Uuid);
            await copy.WriteAsync(e.AccountId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(e.TransferId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(e.Kind.ToString(), NpgsqlDbType.Varchar);
            await copy.WriteAsync(e.Amount, NpgsqlDbType.Bigint);
            await copy.WriteAsync(e.BalanceAfter.Value, NpgsqlDbType.Bigint);
            await copy.WriteAsync(e.CounterpartyAccountId, NpgsqlDbType.Uuid);
            await (e.CounterpartyUserId is { } counterparty ? copy.WriteAsync(counterparty, NpgsqlDbType.Uuid) : copy.WriteNullAsync());
            await copy.WriteAsync(e.ReferenceId, NpgsqlDbType.Uuid);
            await WriteTextAsync(copy, e.Memo);
            await copy.WriteAsync(e.CreatedAt, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task CopyBlocksAsync(NpgsqlConnection connection, IReadOnlyList<CallBlock> blocks, CancellationToken ct)
    {
        if (blocks.Count == 0)
        {
            return;
        }

        await using var copy = await connection.BeginBinaryImportAsync(
            "COPY call_blocks (call_id, block_index, amount, charged_at) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var b in blocks)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(b.CallId, NpgsqlDbType.Uuid);
            await copy.WriteAsync(b.Index, NpgsqlDbType.Integer);
            await copy.WriteAsync(b.Amount.Value, NpgsqlDbType.Bigint);
            await copy.WriteAsync(b.ChargedAt, NpgsqlDbType.TimestampTz);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task UpdateAccountsAsync(NpgsqlConnection connection, IReadOnlyCollection<Account> accounts, CancellationToken ct)
    {
        if (accounts.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            UPDATE accounts AS a
            SET balance = v.balance, purchased = v.purchased, spent = v.spent, earned = v.earned, cashed_out = v.cashed_out
            FROM unnest(@ids, @balances, @purchased, @spent, @earned, @cashed_out) AS v(id, balance, purchased, spent, earned, cashed_out)
            WHERE a.id = v.id
            """,
            connection);
        command.Parameters.AddWithValue("ids", accounts.Select(a => a.Id).ToArray());
        command.Parameters.AddWithValue("balances", accounts.Select(a => a.Balance.Value).ToArray());
        command.Parameters.AddWithValue("purchased", accounts.Select(a => a.Purchased.Value).ToArray());
        command.Parameters.AddWithValue("spent", accounts.Select(a => a.Spent.Value).ToArray());
        command.Parameters.AddWithValue("earned", accounts.Select(a => a.Earned.Value).ToArray());
        command.Parameters.AddWithValue("cashed_out", accounts.Select(a => a.CashedOut.Value).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task UpdateCallsAsync(NpgsqlConnection connection, IReadOnlyCollection<Call> calls, CancellationToken ct)
    {
        if (calls.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            UPDATE calls AS c
            SET status = v.status, end_reason = v.end_reason, started_at = v.started_at, ended_at = v.ended_at,
                active_since = v.active_since, banked_active = v.banked_active, paused_at = v.paused_at,
                blocks_billed = v.blocks_billed, total_charged = v.total_charged, fan_seen_at = v.fan_seen_at,
                creator_seen_at = v.creator_seen_at, next_block_at = v.next_block_at
            FROM unnest(@ids, @status, @end_reason, @started_at, @ended_at, @active_since, @banked_active, @paused_at,
                        @blocks_billed, @total_charged, @fan_seen_at, @creator_seen_at, @next_block_at)
                 AS v(id, status, end_reason, started_at, ended_at, active_since, banked_active, paused_at,
                      blocks_billed, total_charged, fan_seen_at, creator_seen_at, next_block_at)
            WHERE c.id = v.id
            """,
            connection);
        command.Parameters.AddWithValue("ids", calls.Select(c => c.Id).ToArray());
        command.Parameters.AddWithValue("status", calls.Select(c => c.Status.ToString()).ToArray());
        command.Parameters.Add(new NpgsqlParameter("end_reason", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = calls.Select(c => (object?)c.EndReason?.ToString() ?? DBNull.Value).ToArray() });
        command.Parameters.Add(Times("started_at", calls.Select(c => c.StartedAt)));
        command.Parameters.Add(Times("ended_at", calls.Select(c => c.EndedAt)));
        command.Parameters.Add(Times("active_since", calls.Select(c => c.ActiveSince)));
        command.Parameters.AddWithValue("banked_active", calls.Select(c => c.BankedActive).ToArray());
        command.Parameters.Add(Times("paused_at", calls.Select(c => c.PausedAt)));
        command.Parameters.AddWithValue("blocks_billed", calls.Select(c => c.BlocksBilled).ToArray());
        command.Parameters.AddWithValue("total_charged", calls.Select(c => c.TotalCharged.Value).ToArray());
        command.Parameters.AddWithValue("fan_seen_at", calls.Select(c => c.FanSeenAt).ToArray());
        command.Parameters.AddWithValue("creator_seen_at", calls.Select(c => c.CreatorSeenAt).ToArray());
        command.Parameters.Add(Times("next_block_at", calls.Select(c => c.NextBlockAt)));
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Times(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v is { } t ? (object)t : DBNull.Value).ToArray() };

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? value) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, NpgsqlDbType.Varchar);
}
