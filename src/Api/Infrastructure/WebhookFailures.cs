using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Common;

namespace Digis.Api.Infrastructure;

/// <summary>
/// Counts a provider webhook delivery that is answered with an error (<c>digis_webhook_failures_total</c>, SPEC §20):
/// a bad or stale signature (<c>signature</c>: a rotated secret not deployed looks like this), an event that cannot be
/// read (<c>invalid</c>), anything else (<c>error</c>: the provider retries it). The answer itself is the problem
/// handler's, as for any request.
/// </summary>
public static class WebhookFailures
{
    public static RouteHandlerBuilder CountsFailuresAs(this RouteHandlerBuilder builder, string endpoint) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception ex)
            {
                context.HttpContext.RequestServices.GetRequiredService<IMetrics>().WebhookFailed(endpoint, ReasonOf(ex));
                throw;
            }
        });

    public static string ReasonOf(Exception exception) => exception switch
    {
        UnauthorizedException => "signature",
        BusinessRuleValidationException { BrokenRule.Kind: RuleKind.Validation } or InvalidRequestException or BadHttpRequestException => "invalid",
        _ => "error",
    };
}
