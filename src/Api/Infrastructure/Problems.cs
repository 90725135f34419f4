using Digis.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace Digis.Api.Infrastructure;

/// <summary>The spec's problem codes (SPEC §3) and the one way a problem+json body is written.</summary>
public static class Problems
{
    public const string Validation = "validation";
    public const string Unauthorized = "unauthorized";
    public const string InsufficientFunds = "insufficient-funds";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string IdempotencyConflict = "idempotency-conflict";
    public const string RateLimited = "rate-limited";
    public const string PayloadTooLarge = "payload-too-large";
    public const string Unavailable = "unavailable";
    public const string LimitReached = "limit-reached";
    public const string EmailUnconfirmed = "email-unconfirmed";
    public const string AlreadySubscribed = "already-subscribed";
    public const string SubscribersOnly = "subscribers-only";
    public const string PayoutAccountRequired = "payout-account-required";
    public const string Internal = "internal";

    /// <summary>Every code a client can be answered with: its status and when (SPEC §3's table); the API description lists them.</summary>
    public static IReadOnlyDictionary<string, (int Status, string When)> Catalog { get; } = new Dictionary<string, (int, string)>
    {
        [Validation] = (400, "malformed JSON, a field out of range or a bad parameter (`errors`: field → messages)"),
        [Unauthorized] = (401, "missing or invalid token, or webhook signature or secret"),
        [InsufficientFunds] = (402, "the payer's balance is too low (`balance`, `required`), or the wallet owes tokens for a charge taken back (`debt`)"),
        [Forbidden] = (403, "authenticated but not allowed (not the owner, wrong role, no ticket)"),
        [NotFound] = (404, "unknown id, or an id the caller may not know about"),
        [Conflict] = (409, "the current state does not allow it, or a repeat of the same request is still running"),
        [PayloadTooLarge] = (413, "body over 64 KiB"),
        [IdempotencyConflict] = (422, "an Idempotency-Key reused with a different request body"),
        [RateLimited] = (429, "the gateway's per-client limit was hit, or a fan whose calls failed to connect 3 times in 24 h asks for another (`Retry-After` header)"),
        [Unavailable] = (503, "the database or the payment provider is unreachable; nothing was applied"),
        [LimitReached] = (403, "the fan's own spending limit would be crossed (`limit`, `spent`, `resetsAt`)"),
        [EmailUnconfirmed] = (403, "the account's e-mail is not confirmed yet: the token says `email_verified: false`"),
        [AlreadySubscribed] = (409, "the fan already subscribes to this creator"),
        [SubscribersOnly] = (403, "a subscribers-only show and the caller is not a subscriber"),
        [PayoutAccountRequired] = (409, "a cash-out without an enabled payout account"),
    };

    public static ProblemDetails Create(
        HttpContext context, int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail ?? title, Instance = context.Request.Path };
        problem.Extensions["code"] = code;
        problem.Extensions["traceId"] = Tracing.TraceId(context);
        problem.Extensions["requestId"] = context.TraceIdentifier;
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return problem;
    }

    public static Task WriteAsync(
        HttpContext context, int status, string code, string title, string? detail, IDictionary<string, object?>? extensions = null)
    {
        var problem = Create(context, status, code, title, detail, extensions);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
