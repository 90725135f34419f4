using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>
/// SPEC §19: settings are validated at start-up; a host that refuses its configuration names the problem and exits
/// non-zero, as a real process, before it migrates, listens or serves a request a bad value would fail.
/// </summary>
[Collection(GatewayCollection.Name)]
public class StartupSettingsTests(GatewayStack stack)
{
    public static TheoryData<string, string, string, string, string> Refused() => new()
    {
        { "Api", "Testing", "Payouts:MinimumTokens", "-1", "Payouts:MinimumTokens must be" },
        { "Api", "Production", "Payouts:ClearingSeconds", "0", "Payouts:ClearingSeconds must be 86,400" },
        { "Api", "Production", "Payouts:ClearingSeconds", "3600", "Payouts:ClearingSeconds must be 86,400" },
        { "Api", "Production", "Payouts:TrustedClearingSeconds", "3600", "Payouts:TrustedClearingSeconds must be 86,400" },
        { "Api", "Testing", "Payouts:PayoutIntervalSeconds", "0", "Payouts:PayoutIntervalSeconds must be" },
        { "Api", "Testing", "Payouts:NewCreatorDays", "-1", "Payouts:NewCreatorDays must be" },
        { "Api", "Production", "Payments:Provider", "sandbox", "refused in Production" },
        { "Api", "Testing", "Payments:Provider", "sandbox", "Provider=sandbox needs Payments:WebhookSecret" },
        { "Api", "Testing", "Tips:MaxAmount", "0", "Tips:MaxAmount must be" },
        { "Api", "Testing", "Billing:MeterIntervalSeconds", "0", "Billing:MeterIntervalSeconds must be" },
        { "Api", "Testing", "Subscriptions:RenewIntervalSeconds", "0", "Subscriptions:RenewIntervalSeconds must be" },
        { "Api", "Testing", "Database:MaxPoolSize", "0", "Database:MaxPoolSize must be" },
        { "Admin", "Testing", "Staff:SupportDailyCreditTokens", "-5", "Staff:SupportDailyCreditTokens must be" },
        { "Admin", "Testing", "Admin:SupportAdjustmentLimit", "0", "Admin:SupportAdjustmentLimit must be" },
        { "Gateway", "Testing", "RateLimiting:Burst", "0", "PermitsPerSecond, Burst and AccountPermitsPerMinute must be at least 1" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_host_refusing_its_configuration_exits_non_zero_and_says_why(
        string project, string environment, string key, string value, string message)
    {
        await using var host = HostProcess.Start(project, new Dictionary<string, string>(Settings()) { ["ASPNETCORE_ENVIRONMENT"] = environment, [key] = value });

        var exitCode = await host.ExitCodeAsync(TimeSpan.FromSeconds(60));

        exitCode.ShouldNotBeNull($"{project} kept running with {key}={value}:\n{host.Output}");
        exitCode.ShouldNotBe(0);
        host.Output.ShouldContain("Refusing to start");
        host.Output.ShouldContain(message, Case.Sensitive, host.Output);
    }

    [Fact]
    public async Task Production_takes_a_clearing_period_of_a_day()
    {
        await using var host = HostProcess.Start("Api", new Dictionary<string, string>(Settings())
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Payouts:ClearingSeconds"] = "86400",
        });

        await host.WaitReadyAsync("/health/live");
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["ConnectionStrings:Digis"] = stack.ConnectionString,
        ["Auth:Authority"] = stack.PublicUrl.ToString(),
        ["Billing:HostedService"] = "false",
        ["Database:MigrateOnStartup"] = "false",
    };
}
