using Digis.Testing;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// The ledger's property and race tests: their own API host and database with a clock they move (call
/// blocks fall due without sleeping) and no metering hosted service (they run passes themselves).
/// </summary>
[CollectionDefinition(nameof(LedgerCollection))]
public sealed class LedgerCollection : ICollectionFixture<ClockedApiFactory>;
