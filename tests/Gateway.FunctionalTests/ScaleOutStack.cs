using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>Two API instances sharing PostgreSQL and a Redis hub backplane, behind the gateway.</summary>
public sealed class ScaleOutStack : GatewayStack
{
    private RedisServer? _redis;

    public override int ApiInstances => 2;

    public override string DatabaseName => "digis_test_scaleout";

    public override async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    protected override Dictionary<string, string> GatewaySettings()
    {
        var settings = base.GatewaySettings();
        settings["RateLimiting:PermitsPerSecond"] = "100000";
        settings["RateLimiting:Burst"] = "100000";
        return settings;
    }

    protected override Dictionary<string, string> ApiSettings()
    {
        var settings = base.ApiSettings();
        settings["ConnectionStrings:Redis"] = _redis!.ConnectionString;
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutStack>
{
    public const string Name = "scale-out";
}
