using System.Net.Sockets;
using Npgsql;

namespace Digis.Infrastructure.Persistence;

/// <summary>
/// Which failures mean "no primary database can be reached right now" (SPEC §3's 503 <c>unavailable</c>: the
/// transaction did not commit, the client retries with its Idempotency-Key) rather than a fault of the request.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True for any exception in the chain that is Npgsql's own rather than the server's (Npgsql raises
    /// <see cref="NpgsqlException"/> itself only for connection-level trouble: refused, reset, timed out, a broken
    /// protocol, and "no suitable host" while a multi-host string finds no primary during a failover), a socket
    /// error or timeout, or a server error that says the server cannot take the work: a connection exception
    /// (class 08), shutting down, starting up or recovering (57P01–57P03), out of connections (53300), or a
    /// standby answering a write (25006, read-only transaction).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException server when IsUnavailable(server.SqlState):
                case NpgsqlException and not PostgresException:
                case TimeoutException:
                case SocketException:
                    return true;
                default:
                    break;
            }
        }

        return false;
    }

    private static bool IsUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
            or PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.ReadOnlySqlTransaction;
}
