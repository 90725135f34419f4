using System.Globalization;
using Npgsql;

namespace Digis.Bench;

/// <summary>
/// CPU time read from <c>/proc</c> (SPEC §9): a reading is cumulative, the difference of two readings is what
/// was spent between them. <see cref="Busy"/> is the whole machine (all CPUs, total less idle and iowait);
/// <see cref="Generator"/> is the benchmark process and the processes it ran and waited for (pgbench);
/// the others are the processes under test.
/// </summary>
public sealed record CpuUse(TimeSpan Busy, TimeSpan Generator, TimeSpan Gateway, TimeSpan Api, TimeSpan Postgres)
{
    public static readonly CpuUse Zero = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>The machine's busy time less the load generator's own: what the system under test spent.</summary>
    public TimeSpan System => Busy - Generator;

    /// <summary>
    /// <see cref="System"/> less the gateway, API and PostgreSQL processes: the kernel's interrupt time, and any
    /// other process that ran on the machine meanwhile (another engineer's build reads here, not in the three).
    /// </summary>
    public TimeSpan Rest => System - Gateway - Api - Postgres;

    public static CpuUse operator +(CpuUse a, CpuUse b) =>
        new(a.Busy + b.Busy, a.Generator + b.Generator, a.Gateway + b.Gateway, a.Api + b.Api, a.Postgres + b.Postgres);

    public static CpuUse operator -(CpuUse a, CpuUse b) =>
        new(a.Busy - b.Busy, a.Generator - b.Generator, a.Gateway - b.Gateway, a.Api - b.Api, a.Postgres - b.Postgres);
}

/// <summary>
/// Reads <see cref="CpuUse"/>: <c>/proc/stat</c> for the machine, <c>/proc/&lt;pid&gt;/stat</c> (utime + stime) for
/// the benchmark itself (plus cutime + cstime: the children it waited for), the gateway and the API (their pids
/// come from scripts/bench.sh, which starts them), and PostgreSQL: the postmaster's own time, the time of the
/// children it has reaped (cutime + cstime) and that of its live children, so a backend that starts or exits
/// between two readings is counted for what it spent between them.
/// </summary>
public sealed class CpuMeter
{
    /// <summary>USER_HZ, the unit of every figure in /proc: 100 on every architecture .NET runs on (the kernel's ABI).</summary>
    private const double TicksPerSecond = 100;

    private readonly int? _gateway;
    private readonly int? _api;
    private readonly int _postmaster;

    private CpuMeter(int? gateway, int? api, int postmaster) => (_gateway, _api, _postmaster) = (gateway, api, postmaster);

    /// <summary>Whether the gateway's and the API's pids are known (scripts/bench.sh passes them).</summary>
    public bool KnowsProcesses => _gateway is not null && _api is not null;

    /// <summary>The postmaster is found as the parent of one of our own backends.</summary>
    public static async Task<CpuMeter> CreateAsync(BenchSettings settings) =>
        new(settings.GatewayPid, settings.ApiPid, await PostmasterAsync(settings));

    /// <summary>PostgreSQL's postmaster: the parent of one of our own backends.</summary>
    public static async Task<int> PostmasterAsync(BenchSettings settings)
    {
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return (int)Stat(backend.ToString(CultureInfo.InvariantCulture))![Ppid];
    }

    public CpuUse Read()
    {
        var machine = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // cpu  user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user and nice)
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(machine[i], CultureInfo.InvariantCulture));
        var self = Stat("self")!;
        return new CpuUse(
            Time(busy),
            Time(self[Utime] + self[Stime] + self[Cutime] + self[Cstime]),
            Time(Own(_gateway)),
            Time(Own(_api)),
            Time(Postgres()));
    }

    private long Postgres()
    {
        // The postmaster first: a child reaped after this read and before its own is missed (a few ticks at most),
        // where the other order would count it twice.
        var postmaster = Stat(_postmaster.ToString(CultureInfo.InvariantCulture))
            ?? throw new InvalidOperationException($"PostgreSQL's postmaster (pid {_postmaster}) is gone");
        var total = postmaster[Utime] + postmaster[Stime] + postmaster[Cutime] + postmaster[Cstime];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(directory);
            if (pid.All(char.IsAsciiDigit) && Stat(pid) is { } child && child[Ppid] == _postmaster)
            {
                total += child[Utime] + child[Stime];
            }
        }

        return total;
    }

    private static long Own(int? pid) => pid is { } p && Stat(p.ToString(CultureInfo.InvariantCulture)) is { } stat ? stat[Utime] + stat[Stime] : 0;

    private static TimeSpan Time(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    // Fields of /proc/<pid>/stat counted from the one after the command name (proc(5) numbers them 3, 4, 14 … 17).
    private const int Ppid = 1;
    private const int Utime = 11;
    private const int Stime = 12;
    private const int Cutime = 13;
    private const int Cstime = 14;

    /// <summary>The numeric fields of /proc/&lt;pid&gt;/stat after the command name (which may hold spaces), or null if the process is gone.</summary>
    private static long[]? Stat(string pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return [.. fields.Take(Cstime + 1).Select((f, i) => i == 0 ? 0 : long.Parse(f, CultureInfo.InvariantCulture))];
    }
}
