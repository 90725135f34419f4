using Digis.Application.Calls.MeterBatch;
using Digis.Domain.Calls;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// The metering batch's call rows in bulk, inside the current transaction: charged blocks by binary COPY,
/// calls by <c>UPDATE … FROM unnest(…)</c>. Nothing here decides anything: the rows are what the domain made
/// (the ledger posts the batch's charges itself, in one call).
/// </summary>
internal sealed class BulkWriter(DigisDbContext db) : IBulkWriter
{
    public Task UseIndexScansOnlyAsync(CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off", cancellationToken);

    public async Task WriteAsync(IReadOnlyList<CallBlock> blocks, IReadOnlyCollection<Call> calls, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await CopyBlocksAsync(connection, blocks, cancellationToken);
        await UpdateCallsAsync(connection, calls, cancellationToken);
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
                creator_seen_at = v.creator_seen_at, next_block_at = v.next_block_at, media_since = v.media_since,
                banked_media = v.banked_media
            FROM unnest(@ids, @status, @end_reason, @started_at, @ended_at, @active_since, @banked_active, @paused_at,
                        @blocks_billed, @total_charged, @fan_seen_at, @creator_seen_at, @next_block_at, @media_since, @banked_media)
                 AS v(id, status, end_reason, started_at, ended_at, active_since, banked_active, paused_at,
                      blocks_billed, total_charged, fan_seen_at, creator_seen_at, next_block_at, media_since, banked_media)
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
        command.Parameters.Add(Times("media_since", calls.Select(c => c.MediaSince))); // an ending call stops its media clock
        command.Parameters.AddWithValue("banked_media", calls.Select(c => c.BankedMedia).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter Times(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v is { } t ? (object)t : DBNull.Value).ToArray() };
}
