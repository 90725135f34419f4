using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[CollectionDefinition(nameof(ApiCollection))]
public sealed class ApiCollection : ICollectionFixture<DigisApiFactory>;
