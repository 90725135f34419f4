using System.Net;
using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>
/// SPEC §14: the hosts honour the ecosystem's <c>ASPNETCORE_URLS</c> / <c>ASPNETCORE_HTTP_PORTS</c> over their
/// default URLs (SPEC §1), so a second instance started the usual way does not try to bind the first one's port.
/// </summary>
[Collection(GatewayCollection.Name)]
public class HostUrlTests(GatewayStack stack)
{
    [Theory]
    [InlineData("Api", "ASPNETCORE_URLS")]
    [InlineData("Api", "ASPNETCORE_HTTP_PORTS")]
    [InlineData("Gateway", "ASPNETCORE_URLS")]
    [InlineData("Gateway", "ASPNETCORE_HTTP_PORTS")]
    [InlineData("Admin", "ASPNETCORE_URLS")]
    [InlineData("Admin", "ASPNETCORE_HTTP_PORTS")]
    [InlineData("Identity", "ASPNETCORE_URLS")]
    [InlineData("Identity", "ASPNETCORE_HTTP_PORTS")]
    public async Task A_host_listens_where_the_standard_variable_says(string project, string variable)
    {
        var port = HostProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Digis"] = stack.ConnectionString,
            ["ConnectionStrings:Identity"] = stack.OwnerConnectionString,
            ["Auth:Authority"] = stack.PublicUrl.ToString(),
            ["Identity:SigningKeys:0:Path"] = stack.Keys.PemPath,
            ["Identity:EncryptionKey"] = stack.Keys.EncryptionKey,
            ["Email:PickupDirectory"] = stack.MailDirectory,
            ["Payments:WebhookSecret"] = DigisApiFactory.WebhookSecret,
            ["Billing:WebhookSecret"] = DigisApiFactory.BillingSecret,
            ["Billing:HostedService"] = "false",
            ["Database:MigrateOnStartup"] = "false",
            ["Admin:BootstrapEmail"] = GatewayStack.AdminEmail,
            ["Admin:BootstrapPassword"] = GatewayStack.AdminPassword,
            [variable] = variable == "ASPNETCORE_URLS" ? $"http://127.0.0.1:{port}" : port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        await using var host = HostProcess.Start(project, settings, name: $"{project} ({variable})", port: port, urlsArgument: false);
        await host.WaitReadyAsync(project == "Admin" ? "/admin/health/live" : "/health/live");

        using var probe = new HttpClient();
        using var response = await probe.GetAsync(new Uri(host.BaseAddress, project == "Admin" ? "/admin/health/live" : "/health/live"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
