using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayStack>
{
    public const string Name = "gateway";
}
