using Digis.Domain.Ledger;

namespace Digis.Application.Common.Interfaces;

/// <summary>
/// The business and technical figures of SPEC §8, recorded by the use cases (money figures only after
/// commit). The API exports them as Prometheus metrics; hosts without metrics use <see cref="NoMetrics"/>.
/// </summary>
public interface IMetrics
{
    /// <summary>A committed transfer: purchases count as tokens sold, spends by kind, settlements as cash-outs.</summary>
    void Transferred(TransferKind kind, long tokens);

    void Sale(long cents);

    void Transaction(string command, TimeSpan duration, bool committed);

    void MeteringPass(TimeSpan duration, bool failed);

    void Reconciled(long mismatches);
}

public sealed class NoMetrics : IMetrics
{
    public void Transferred(TransferKind kind, long tokens)
    {
    }

    public void Sale(long cents)
    {
    }

    public void Transaction(string command, TimeSpan duration, bool committed)
    {
    }

    public void MeteringPass(TimeSpan duration, bool failed)
    {
    }

    public void Reconciled(long mismatches)
    {
    }
}
