using Digis.Domain.Common;

namespace Digis.Domain.Staff;

/// <summary>A reconciliation run's outcome, kept so the console shows the last runs.</summary>
public sealed class ReconciliationRun
{
    private ReconciliationRun()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset At { get; private set; }

    public long Mismatches { get; private set; }

    public string Details { get; private set; } = "";

    public static ReconciliationRun Of(long mismatches, string details, DateTimeOffset now) =>
        new() { Id = Ids.New(now), At = now, Mismatches = mismatches, Details = details };
}
