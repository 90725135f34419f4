using Npgsql;

namespace Digis.Identity.Accounts;

/// <summary>
/// The one fact the identity host reads from the money system: whether a creator still has a cash-out on its way,
/// which keeps the account open (SPEC §15). One read of <c>cashouts</c> in the Digis database.
/// </summary>
public sealed class PendingCashouts(IConfiguration configuration)
{
    public async Task<bool> AnyAsync(Guid userId, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Digis")
            ?? throw new InvalidOperationException("ConnectionStrings:Digis is needed to check for pending cash-outs.");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            // Anything not settled one way or the other is still on its way to the bank. A paid cash-out is settled only
            // once the bank paid it: until then a failed bank payout would return its tokens to the account.
            """
            SELECT EXISTS (SELECT 1 FROM cashouts WHERE creator_id = $1
              AND (status NOT IN ('Paid', 'Rejected', 'Failed', 'Cancelled') OR (status = 'Paid' AND bank_status IS DISTINCT FROM 'Paid')))
            """,
            connection);
        command.Parameters.AddWithValue(userId);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
