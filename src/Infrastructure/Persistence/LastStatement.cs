using System.Data.Common;
using Npgsql;

namespace Digis.Infrastructure.Persistence;

/// <summary>A last statement whose rows are read as <typeparamref name="T"/>.</summary>
internal sealed class LastStatement<T>(NpgsqlBatchCommand command, Func<DbDataReader, T> read) : ILastStatement
{
    private readonly TaskCompletionSource<IReadOnlyList<T>> _rows = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NpgsqlBatchCommand Command => command;

    public Task<IReadOnlyList<T>> Rows => _rows.Task;

    public bool Answered => _rows.Task.IsCompleted;

    public async Task ReadAsync(DbDataReader reader)
    {
        var rows = new List<T>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            rows.Add(read(reader));
        }

        _rows.SetResult(rows);
    }

    public void Fail(Exception failure) => _rows.TrySetException(failure);
}
