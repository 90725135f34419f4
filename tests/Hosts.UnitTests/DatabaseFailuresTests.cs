using Digis.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Digis.Hosts.UnitTests;

/// <summary>
/// Which database failures the API answers with 503 <c>unavailable</c> (SPEC §3, §12) and which stay what they
/// are: during a failover, Npgsql finding no primary and a standby refusing a write are "unavailable", a
/// constraint or a query fault is not.
/// </summary>
public sealed class DatabaseFailuresTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.ReadOnlySqlTransaction)] // a standby (or a demoted primary) answered a write
    [InlineData(PostgresErrorCodes.AdminShutdown)]
    [InlineData(PostgresErrorCodes.CrashShutdown)]
    [InlineData(PostgresErrorCodes.CannotConnectNow)]
    [InlineData(PostgresErrorCodes.TooManyConnections)]
    [InlineData(PostgresErrorCodes.ConnectionFailure)]
    public void A_server_that_cannot_take_the_work_is_unavailable(string sqlState) =>
        DatabaseFailures.IsUnavailable(Wrapped(Server(sqlState))).ShouldBeTrue();

    [Theory]
    [InlineData(PostgresErrorCodes.UniqueViolation)]
    [InlineData(PostgresErrorCodes.CheckViolation)]
    [InlineData(PostgresErrorCodes.SyntaxError)]
    [InlineData("DG402")] // post_transfers' refusal
    public void A_fault_of_the_request_is_not(string sqlState) =>
        DatabaseFailures.IsUnavailable(Wrapped(Server(sqlState))).ShouldBeFalse();

    [Fact]
    public void No_primary_among_the_hosts_is_unavailable() =>
        DatabaseFailures.IsUnavailable(new NpgsqlException("No suitable host was found.")).ShouldBeTrue();

    [Fact]
    public void A_broken_connection_is_unavailable() =>
        DatabaseFailures.IsUnavailable(Wrapped(new NpgsqlException("Exception while reading from stream", new IOException("reset")))).ShouldBeTrue();

    [Fact]
    public void Anything_else_is_not() =>
        DatabaseFailures.IsUnavailable(new InvalidOperationException("a bug")).ShouldBeFalse();

    private static PostgresException Server(string sqlState) => new("message", "ERROR", "ERROR", sqlState);

    private static DbUpdateException Wrapped(Exception inner) => new("saving failed", inner);
}
