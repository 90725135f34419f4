using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>Tests that move the clock: their own API host and database, so the other tests keep real time.</summary>
[CollectionDefinition(nameof(CallsCollection))]
public sealed class CallsCollection : ICollectionFixture<ClockedApiFactory>;
