using System.Data.Common;
using Npgsql;

namespace Digis.Infrastructure.Persistence;

/// <summary>The work's last statement, sent with the COMMIT (see <see cref="UnitOfWork.ReadAtCommitAsync"/>).</summary>
internal interface ILastStatement
{
    NpgsqlBatchCommand Command { get; }

    /// <summary>Whether the work has its rows (or its failure) already.</summary>
    bool Answered { get; }

    Task ReadAsync(DbDataReader reader);

    void Fail(Exception failure);
}
