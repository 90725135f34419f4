using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Digis.Testing;
using Xunit.Abstractions;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// SPEC §2 as a property: whatever fans, creators, staff, the provider and the meter do — one after the
/// other, two at once, or the same request twice — every request either takes effect or is refused the
/// way the contract says (4xx), a repeated request takes effect once, and afterwards the ledger's rules
/// hold in the tables.
/// </summary>
[Collection(nameof(LedgerCollection))]
public sealed class LedgerPropertyTests(ClockedApiFactory app, ITestOutputHelper output) : LedgerCheckedTest(app)
{
    /// <summary>Scenarios per run (30 of 10–30 steps take about half a minute on two cores); <c>DIGIS_PROP_SCENARIOS</c> asks for more.</summary>
    private static readonly int Scenarios =
        int.TryParse(Environment.GetEnvironmentVariable("DIGIS_PROP_SCENARIOS"), out var n) && n > 0 ? n : 30;

    /// <summary><c>DIGIS_PROP_VERBOSE=1</c> prints every scenario and what each of its steps did, not only failing ones.</summary>
    private static readonly bool Verbose = Environment.GetEnvironmentVariable("DIGIS_PROP_VERBOSE") == "1";

    /// <summary>Re-runs spent shrinking a failure before it is reported.</summary>
    private const int ShrinkBudget = 30;

    [Fact]
    public async Task Any_sequence_of_money_operations_keeps_the_ledger_balanced_and_applies_each_request_once()
    {
        var runner = new ScenarioRunner(app);
        var (runs, failed) = (0, false);
        var property = Prop.ForAll(ScenarioGen.Arbitrary(ShrinkBudget), scenario =>
        {
            var started = Stopwatch.GetTimestamp();
            var report = runner.RunAsync(scenario).GetAwaiter().GetResult();
            var run = Interlocked.Increment(ref runs);
            output.WriteLine(
                $"run {run,2}{(failed ? " (shrinking)" : "")}: {scenario.Fans} fans, {scenario.Steps.Count,2} steps, "
                + $"{report.Log.Count(l => l.Contains("ok ", StringComparison.Ordinal))} ok, "
                + $"{report.Log.Count(l => l.Contains("refused ", StringComparison.Ordinal))} refusals, "
                + $"{report.Failures.Count} failures, {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
            if (Verbose)
            {
                output.WriteLine(report.Describe());
            }

            if (report.Failures.Count > 0)
            {
                failed = true;
                throw new ScenarioFailedException(report.Describe());
            }
        });

        // Off the test's synchronization context: the property blocks on each scenario's async run.
        var config = Config.QuickThrowOnFailure.WithMaxTest(Scenarios).WithQuietOnSuccess(true);
        await Task.Run(() => Check.One(config, property));
    }
}

/// <summary>A scenario broke a rule; the message is the scenario, what each step did, and what went wrong.</summary>
public sealed class ScenarioFailedException(string message) : Exception(message);
