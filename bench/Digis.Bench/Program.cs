using System.Globalization;
using Digis.Bench;

// The benchmark (SPEC §9) against a running stack (scripts/bench.sh starts one). Usage:
//   Digis.Bench [scenario…]   scenarios: gateway, tips, fanout, metering, signin (default: all), soak
//   Digis.Bench fanout-client GATEWAY STREAM TOKENS-FILE OUT-FILE   one process of the fan-out's viewers (ViewerGroups)
if (args is ["fanout-client", ..])
{
    return await ViewerGroups.RunChildAsync(args);
}

var settings = BenchSettings.FromEnvironment();
int Setting(string name, int fallback) =>
    Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
var scenarios = args.Length > 0 ? args : ["gateway", "tips", "fanout", "metering", "signin"];
var report = new Report();
Background.Current = Background.FromEnvironment(settings, await CpuMeter.PostmasterAsync(settings));

foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "metering":
            await new MeteringBench(settings, report).RunAsync(
                (Environment.GetEnvironmentVariable("BENCH_METERING_SIZES") ?? "10000,100000").Split(',').Select(int.Parse).ToList(),
                runs: int.Parse(Environment.GetEnvironmentVariable("BENCH_METERING_RUNS") ?? "3", System.Globalization.CultureInfo.InvariantCulture));
            break;
        case "gateway":
            await new HttpBench(settings, report).GatewayOverheadAsync();
            break;
        case "tips":
            await new HttpBench(settings, report).TipsAsync();
            break;
        case "signin":
            await new SignInBench(settings, report).RunAsync();
            break;
        case "fanout":
            await new FanoutBench(settings, report).RunAsync(
                Setting("BENCH_FANOUT_VIEWERS", 1_000), Setting("BENCH_FANOUT_PROCESSES", 1), Setting("BENCH_FANOUT_TIPS", 20));
            break;
        case "soak":
            await new SoakBench(settings, report).RunAsync(
                TimeSpan.FromSeconds(Setting("BENCH_SOAK_SECONDS", 1_800)), Setting("BENCH_SOAK_RATE", 0), Setting("BENCH_SOAK_USERS", 64));
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
if (Background.Current.AnyNoisy)
{
    Console.Error.WriteLine($"NOISY RUN: other processes used more than {Background.Current.LimitCores:F2} cores in some windows; the figures are not comparable.");
}

return report.Figures.Any(f => f.Met == false) ? 1 : 0;
