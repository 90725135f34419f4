using Xunit;

namespace Digis.Testing;

/// <summary>Base of every test on the database: after each test, the ledger must still be consistent.</summary>
public abstract class LedgerCheckedTest(DigisApiFactory factory) : IAsyncLifetime
{
    protected DigisApiFactory App { get; } = factory;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => App.AssertLedgerConsistentAsync();
}
