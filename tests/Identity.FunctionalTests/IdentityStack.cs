using Digis.Testing;

namespace Digis.Identity.FunctionalTests;

/// <summary>The whole product behind the gateway, as accounts see it: earnings clear at once and a cash-out may be small.</summary>
public sealed class IdentityStack : GatewayStack
{
    public override string DatabaseName => "digis_test_identity";

    protected override Dictionary<string, string> ApiSettings() => new(base.ApiSettings())
    {
        ["Payouts:ClearingSeconds"] = "1",
        ["Payouts:MinimumTokens"] = "100",
    };

    /// <summary>A new e-mail address nobody used.</summary>
    public static string NewEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@example.test";

    public const string Password = "Correct-Horse-7";
}

[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityStack>
{
    public const string Name = "identity";
}
