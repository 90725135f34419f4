using Digis.Application.Common.Interfaces;

namespace Digis.Api.Infrastructure;

/// <summary>The first request of an unknown <c>sub</c> provisions the user and an empty wallet (SPEC §3).</summary>
public sealed class ProvisioningMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IUserProvisioner provisioner)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true)
        {
            await provisioner.EnsureAsync(user.UserId(), user.Role(), user.Identity.Name ?? "", context.RequestAborted);
        }

        await next(context);
    }
}
