using System.Net;
using Digis.Application.Common.Exceptions;
using Digis.Application.Payments.ReceivePaymentWebhook;
using Digis.Application.Purchases.CreatePurchase;
using Digis.Domain.Common;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// What the ledger property and race tests may touch while the ledger internals are being rewritten:
/// users provisioned by their first HTTP request, tokens bought through the payment webhook, Mediator
/// commands each in its own DI scope, and SQL reads of the tables. No poster, statement, row locks or
/// domain methods.
/// </summary>
public static class PublicSurface
{
    /// <summary>A user provisioned the way a client provisions one: its first authenticated request.</summary>
    public static async Task<TestUser> ProvisionedUserAsync(this DigisApiFactory app, UserRole role, string name)
    {
        var user = app.NewUser(role, name);
        var response = await user.Client.GetAsync("/api/me");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return user;
    }

    /// <summary>Buys a bundle and has the provider confirm it; returns the purchase id.</summary>
    public static async Task<Guid> BuyTokensAsync(this DigisApiFactory app, Guid userId, Guid packageId, string? eventId = null)
    {
        var purchase = await app.SendAsync(new CreatePurchase(userId, packageId));
        var receipt = await app.DeliverCheckoutAsync(purchase.Id, purchase.PriceCents, eventId);
        receipt.Outcome.ShouldBe("completed");
        return purchase.Id;
    }

    /// <summary>A correctly signed <c>checkout.session.completed</c>, signed at the host's (possibly moved) clock.</summary>
    public static Task<WebhookReceipt> DeliverCheckoutAsync(this DigisApiFactory app, Guid purchaseId, long cents, string? eventId = null)
    {
        var payload = Webhooks.CheckoutCompleted(purchaseId, cents, eventId: eventId);
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        return app.SendAsync(new ReceivePaymentWebhook(payload, Webhooks.Sign(payload, now)));
    }

    public static async Task<long> WalletBalanceAsync(this DigisApiFactory app, Guid userId) =>
        await app.CountAsync($"SELECT a.balance FROM users u JOIN accounts a ON a.id = u.wallet_account_id WHERE u.id = '{userId}'");

    /// <summary>Rows of a read-only query, each as its column values.</summary>
    public static async Task<List<object?[]>> RowsAsync(this DigisApiFactory app, string sql)
    {
        await using var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>
    /// The answers the contract allows a request to get: 4xx problems. A domain or application refusal, and
    /// a unique-index violation, which the API answers 409 ("a concurrent request got there first").
    /// Everything else (InvalidOperationException, any other DbUpdateException, a deadlock 40P01, a
    /// serialization failure …) is a 500 or 503 and a bug here.
    /// </summary>
    public static bool IsExpectedRefusal(Exception exception) => exception switch
    {
        BusinessRuleValidationException or NotFoundException or IdempotencyConflictException => true,
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } => true,
        _ => false,
    };

    /// <summary>A short name for an outcome: the exception type, with the SQL state when PostgreSQL refused.</summary>
    public static string Describe(Exception exception)
    {
        var postgres = Chain(exception).OfType<PostgresException>().FirstOrDefault();
        var name = string.Join("/", Chain(exception).Select(e => e.GetType().Name));
        if (exception is BusinessRuleValidationException rule)
        {
            name += $"({rule.BrokenRule.GetType().Name})";
        }

        return postgres is null ? name : $"{name}[{postgres.SqlState}]";
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
