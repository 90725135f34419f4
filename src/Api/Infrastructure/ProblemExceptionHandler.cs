using System.Text.Json;
using Digis.Application.Common.Exceptions;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Payouts;
using Digis.Domain.Subscriptions;
using Digis.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Digis.Api.Infrastructure;

/// <summary>
/// Every exception becomes a problem+json with the spec's code (jasontaylordev's ProblemDetailsExceptionHandler).
/// Client mistakes are 4xx; an unreachable database is 503 (the transaction did not commit, nothing applied);
/// anything else is a bare 500 with no stack trace or SQL.
/// </summary>
public sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        var (status, code, title, detail, extensions) = Map(exception);
        if (exception is BusinessRuleValidationException { BrokenRule: RepeatedMediaFailuresBlockCallRequestsRule blocked })
        {
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(blocked.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (status >= 500)
        {
            if (code == Problems.Unavailable)
            {
                LogUnavailable(logger, exception.GetType().Name);
            }
            else
            {
                LogUnhandled(logger, exception);
            }
        }

        await Problems.WriteAsync(httpContext, status, code, title, detail, extensions);
        return true;
    }

    private static (int Status, string Code, string Title, string? Detail, Dictionary<string, object?>? Extensions) Map(Exception exception) =>
        exception switch
        {
            InvalidRequestException v => (400, Problems.Validation, "The request is not valid.", v.Message, Errors(v.Field, v.Message)),
            BadHttpRequestException { StatusCode: 413 } => (413, Problems.PayloadTooLarge, "The request body is too large.",
                "Request bodies are limited to 64 KiB.", null),
            BadHttpRequestException b => (400, Problems.Validation, "The request is not valid.", ClientSafe(b),
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["body"] = [ClientSafe(b)] } }),
            JsonException => (400, Problems.Validation, "The request is not valid.", "The body is not valid JSON for this request.", null),
            BusinessRuleValidationException { BrokenRule: WalletBalanceCannotGoNegativeRule rule } => (402, Problems.InsufficientFunds,
                "Insufficient funds.", rule.Message,
                new Dictionary<string, object?> { ["balance"] = rule.Balance.Value, ["required"] = rule.Required.Value }),
            BusinessRuleValidationException { BrokenRule: SpendingNeedsNoDebtRule rule } => (402, Problems.InsufficientFunds,
                "Insufficient funds.", rule.Message, new Dictionary<string, object?> { ["debt"] = rule.Debt.Value }),
            BusinessRuleValidationException { BrokenRule: SpendingLimitCannotBeCrossedRule rule } => (403, Problems.LimitReached,
                "Spending limit reached.", rule.Message,
                new Dictionary<string, object?> { ["limit"] = rule.Limit, ["spent"] = rule.Spent, ["resetsAt"] = rule.ResetsAt }),
            BusinessRuleValidationException { BrokenRule: RepeatedMediaFailuresBlockCallRequestsRule rule } => (429, Problems.RateLimited,
                "Too many calls failed to connect.", rule.Message, new Dictionary<string, object?> { ["retryAt"] = rule.BlockedUntil }),
            BusinessRuleValidationException { BrokenRule: OneSubscriptionPerCreatorRule rule } => (409, Problems.AlreadySubscribed,
                "Already subscribed.", rule.Message, null),
            BusinessRuleValidationException { BrokenRule: SubscribersOnlyShowRule rule } => (403, Problems.SubscribersOnly,
                "Subscribers only.", rule.Message, null),
            BusinessRuleValidationException { BrokenRule: PayoutAccountRequiredRule rule } => (409, Problems.PayoutAccountRequired,
                "A payout account is required.", rule.Message, null),
            BusinessRuleValidationException { BrokenRule.Kind: RuleKind.Validation } r => (400, Problems.Validation,
                "The request is not valid.", r.Message, r.BrokenRule.Field is { } field ? Errors(field, r.Message) : null),
            BusinessRuleValidationException { BrokenRule.Kind: RuleKind.Forbidden } r => (403, Problems.Forbidden, "Forbidden.", r.Message, null),
            BusinessRuleValidationException r => (409, Problems.Conflict, "The current state does not allow this.", r.Message, null),
            NotFoundException n => (404, Problems.NotFound, "Not found.", n.Message, null),
            UnauthorizedException u => (401, Problems.Unauthorized, "Unauthorized.", u.Message, null),
            Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                (409, Problems.Conflict, "The current state does not allow this.", "A concurrent request got there first.", null),
            ServiceUnavailableException s => (503, Problems.Unavailable, "The service is unavailable.", s.Message, null),
            IdempotencyConflictException i => (422, Problems.IdempotencyConflict, "Idempotency-Key reused.", i.Message, null),
            IdempotencyKeyInUseException k => (409, Problems.Conflict, "The current state does not allow this.", k.Message, null),
            _ when DatabaseFailures.IsUnavailable(exception) => (503, Problems.Unavailable, "The service is unavailable.",
                "The database cannot be reached; nothing was applied. Retry with the same Idempotency-Key.", null),
            _ => (500, Problems.Internal, "An unexpected error occurred.", null, null),
        };

    private static Dictionary<string, object?> Errors(string field, string message) =>
        new() { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } };

    private static string ClientSafe(BadHttpRequestException exception) =>
        exception.InnerException is JsonException ? "The body is not valid JSON for this request." : exception.Message;

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable ({ExceptionType}); answered 503")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType);
}
