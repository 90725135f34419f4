using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Digis.ServiceDefaults;

/// <summary>
/// A host's default URL (SPEC §1) applies only when nobody said where to listen: not <c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c> or <c>ASPNETCORE_HTTPS_PORTS</c> (nor their <c>DOTNET_</c> forms), not
/// <c>--urls</c> or a <c>Urls</c> setting from the command line, the environment or a settings file (SPEC §14).
/// The default used to sit in appsettings.json as <c>Urls</c>, which outranks the <c>ASPNETCORE_</c>
/// variables, so a second instance started the usual way tried the first one's port.
/// </summary>
public static class HostUrls
{
    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder, string address)
    {
        if (!IsGiven(builder.Configuration))
        {
            builder.WebHost.UseUrls(address);
        }

        return builder;
    }

    /// <remarks>
    /// Every source ends up under these keys: the prefixed variables lose their prefix, <c>--urls</c> is
    /// <c>urls</c>, and keys are case-insensitive.
    /// </remarks>
    public static bool IsGiven(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) ||
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey]) ||
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey]);
}
