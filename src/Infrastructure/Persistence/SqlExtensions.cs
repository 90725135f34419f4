using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// Plain parameterised SQL on the context's connection and current transaction, for the few statements
/// EF cannot say. A connection these helpers open is closed again right after the statement (unless a
/// transaction holds it): a long-lived scope, such as a hub connection's, must not pin a pooled connection.
/// </summary>
internal static class SqlExtensions
{
    public static Task<T?> ExecuteScalarAsync<T>(
        this DbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RunAsync(db, sql, parameters, async command =>
        {
            var value = await command.ExecuteScalarAsync(cancellationToken);
            return value is null or DBNull ? default : (T)value;
        }, cancellationToken);

    public static Task<int> ExecuteAsync(
        this DbContext db, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        RunAsync(db, sql, parameters, command => command.ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public static Task<List<T>> QueryAsync<T>(
        this DbContext db,
        string sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        RunAsync(db, sql, parameters, async command =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader));
            }

            return rows;
        }, cancellationToken);

    public static async Task<T> QuerySingleAsync<T>(
        this DbContext db,
        string sql,
        Func<DbDataReader, T> read,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        var rows = await db.QueryAsync(sql, read, cancellationToken, parameters);
        return rows.Count > 0 ? rows[0] : throw new InvalidOperationException("The query returned no row.");
    }

    private static async Task<T> RunAsync<T>(
        DbContext db, string sql, (string Name, object? Value)[] parameters, Func<DbCommand, Task<T>> run, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            foreach (var (name, value) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }

            return await run(command);
        }
        finally
        {
            if (opened && db.Database.CurrentTransaction is null)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
