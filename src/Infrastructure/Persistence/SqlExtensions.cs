using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Digis.Infrastructure.Persistence;

/// <summary>Plain parameterised SQL on the context's connection and current transaction, for the few statements EF cannot say.</summary>
internal static class SqlExtensions
{
    public static async Task<T?> ExecuteScalarAsync<T>(
        this DbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CreateCommandAsync(db, sql, parameters, cancellationToken);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    public static async Task<int> ExecuteAsync(
        this DbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await CreateCommandAsync(db, sql, parameters, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T> QuerySingleAsync<T>(
        this DbContext db,
        string sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = await CreateCommandAsync(db, sql, parameters, cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException("The query returned no row.");
        }

        return read(reader);
    }

    private static async Task<DbCommand> CreateCommandAsync(
        DbContext db, string sql, (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
