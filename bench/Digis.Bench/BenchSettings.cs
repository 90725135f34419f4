namespace Digis.Bench;

/// <summary>Where the stack under test is, from environment variables (set by scripts/bench.sh).</summary>
public sealed record BenchSettings(
    string ConnectionString,
    Uri Gateway,
    Uri Api,
    Uri Authority,
    string SigningKeyPath,
    string BillingSecret,
    int Clients,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int? GatewayPid,
    int? ApiPid)
{
    /// <summary>
    /// Every API instance's pid: <c>BENCH_API_PIDS</c> (comma-separated; the fan-out and the soak run two), else
    /// <c>BENCH_API_PID</c>.
    /// </summary>
    public IReadOnlyList<int> ApiPids { get; } = Pids("BENCH_API_PIDS", ApiPid);

    /// <summary>Every gateway instance's pid: <c>BENCH_GATEWAY_PIDS</c> (the fan-out runs two), else <c>BENCH_GATEWAY_PID</c>.</summary>
    public IReadOnlyList<int> GatewayPids { get; } = Pids("BENCH_GATEWAY_PIDS", GatewayPid);

    /// <summary>
    /// The gateways the fan-out's viewers connect through: <c>BENCH_VIEWER_GATEWAYS</c> (comma-separated), else
    /// <see cref="Gateway"/>. A process here may hold 20,000 descriptors (the hard limit, which root without
    /// CAP_SYS_RESOURCE cannot raise) and a gateway holds two per WebSocket (the viewer's and the API's), so
    /// 10,000 viewers need two gateway instances — stateless, as a deployment would scale them.
    /// </summary>
    public IReadOnlyList<Uri> ViewerGateways =>
        Environment.GetEnvironmentVariable("BENCH_VIEWER_GATEWAYS") is { Length: > 0 } list
            ? [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u))]
            : [Gateway];

    public static BenchSettings FromEnvironment() => new(
        Env("BENCH_DB", "Host=127.0.0.1;Port=5432;Database=digis_bench;Username=postgres;Password=postgres"),
        new Uri(Env("BENCH_GATEWAY", "http://127.0.0.1:8080")),
        new Uri(Env("BENCH_API", "http://127.0.0.1:5080")),
        new Uri(Env("BENCH_AUTHORITY", "http://localhost:8080/")),
        Env("BENCH_SIGNING_KEY_PATH", ".run/bench/signing.pem"),
        Env("BENCH_BILLING_SECRET", "bench-billing-secret"),
        int.Parse(Env("BENCH_CLIENTS", "16"), System.Globalization.CultureInfo.InvariantCulture),
        Seconds("BENCH_SECONDS", "15"),
        Seconds("BENCH_WARMUP_SECONDS", "60"),
        Pid("BENCH_GATEWAY_PID"),
        Pid("BENCH_API_PID"));

    private static IReadOnlyList<int> Pids(string name, int? one) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } pids
            ? [.. pids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))]
            : one is { } pid ? [pid] : [];

    /// <summary>A process of the stack, for its CPU time; unknown when the stack was not started by scripts/bench.sh.</summary>
    private static int? Pid(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    private static TimeSpan Seconds(string name, string fallback) =>
        TimeSpan.FromSeconds(double.Parse(Env(name, fallback), System.Globalization.CultureInfo.InvariantCulture));

    private static string Env(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
}
