using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Digis.Api.Infrastructure;

/// <summary>The token's <c>email_verified</c> claim is <c>true</c> (SPEC §15).</summary>
public sealed class EmailConfirmedRequirement : AuthorizationHandler<EmailConfirmedRequirement>, IAuthorizationRequirement
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, EmailConfirmedRequirement requirement)
    {
        if (context.User.EmailVerified())
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

/// <summary>A caller refused only for an unconfirmed e-mail gets the spec's own code, <c>email-unconfirmed</c>, not a bare 403.</summary>
public sealed class EmailConfirmationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailedRequirements.OfType<EmailConfirmedRequirement>().Any() == true
            ? Problems.WriteAsync(context, 403, Problems.EmailUnconfirmed, "E-mail not confirmed.",
                "Confirm your e-mail address (open the link we sent you) before buying tokens.")
            : _default.HandleAsync(next, context, policy, authorizeResult);
}
