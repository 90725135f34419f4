using Digis.Testing;

namespace Digis.Application.IntegrationTests;

[CollectionDefinition(nameof(AppCollection))]
public sealed class AppCollection : ICollectionFixture<DigisApiFactory>;
