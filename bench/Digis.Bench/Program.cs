using Digis.Bench;

// The benchmark (SPEC §9) against a running stack (scripts/bench.sh starts one). Usage:
//   Digis.Bench [scenario…]   scenarios: metering (default: all)
var settings = BenchSettings.FromEnvironment();
var scenarios = args.Length > 0 ? args : ["metering"];
var report = new Report();

foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "metering":
            await new MeteringBench(settings, report).RunAsync(
                (Environment.GetEnvironmentVariable("BENCH_METERING_SIZES") ?? "10000,100000").Split(',').Select(int.Parse).ToList());
            break;
        default:
            Console.Error.WriteLine($"unknown scenario: {scenario}");
            return 2;
    }
}

var results = Path.Combine(Environment.GetEnvironmentVariable("BENCH_RESULTS") ?? "bench/results");
await report.WriteAsync(results, $"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine(report.ToMarkdown());
return report.Figures.Any(f => f.Met == false) ? 1 : 0;
