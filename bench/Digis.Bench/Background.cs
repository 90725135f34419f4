using System.Diagnostics;
using System.Globalization;

namespace Digis.Bench;

/// <summary>What else ran on the machine during one window of the benchmark (a load slice, pgbench, a metering pass).</summary>
/// <param name="OtherCores">CPU of processes outside the system under test and the load generator, in cores (seconds per second).</param>
/// <param name="LoadAverage">The one-minute load average at the window's end (it counts the benchmark's own load too).</param>
public sealed record Window(string Label, TimeSpan Elapsed, double LoadAverage, double OtherCores, bool Noisy);

/// <summary>
/// SPEC §9 v3: runs beside other work are not comparable (pgbench's CPU per transaction grows under contention more than a
/// tip's does), so every window of the benchmark reads the CPU that other processes spent during it, from /proc, and a run
/// with any window above <c>BENCH_BACKGROUND_LIMIT</c> cores (default 0.1) is marked noisy in its results.
/// <para>
/// Ours are: the benchmark and every process it started (wrk, pgbench, its client processes), the processes of the stack
/// (their pids from scripts/bench.sh, and their children), and PostgreSQL's processes but the backends of other databases
/// (the server may be shared: another database's backends are someone else's work). Kernel threads are left out (they
/// work for everyone: loopback networking, writeback). Everything else is background. A process that exits during the
/// window is counted through its parent's reaped-children time, less what it had spent before the window.
/// </para>
/// </summary>
public sealed class Background
{
    private const double TicksPerSecond = 100;

    private readonly HashSet<int> _roots;
    private readonly HashSet<string> _ourDatabases;
    private readonly double _limitCores;
    private readonly List<Window> _windows = [];

    public Background(IEnumerable<int> stackPids, IEnumerable<string> ourDatabases, double limitCores)
    {
        _roots = [Environment.ProcessId, .. stackPids];
        _ourDatabases = [.. ourDatabases];
        _limitCores = limitCores;
    }

    /// <summary>The monitor of this run (scripts/bench.sh gives the stack's pids and the limit); windows report to it.</summary>
    public static Background Current { get; set; } = new([], [], double.PositiveInfinity);

    public static Background FromEnvironment(BenchSettings settings, int? postmaster)
    {
        var pids = (Environment.GetEnvironmentVariable("BENCH_STACK_PIDS") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .Concat(new[] { settings.GatewayPid, settings.ApiPid, postmaster }.OfType<int>());
        var database = new Npgsql.NpgsqlConnectionStringBuilder(settings.ConnectionString).Database ?? "digis_bench";
        var limit = double.Parse(Environment.GetEnvironmentVariable("BENCH_BACKGROUND_LIMIT") ?? "0.1", CultureInfo.InvariantCulture);
        return new Background(pids, [database, "digis_pgbench", "postgres"], limit);
    }

    public IReadOnlyList<Window> Windows
    {
        get
        {
            lock (_windows)
            {
                return [.. _windows];
            }
        }
    }

    public double LimitCores => _limitCores;

    public bool AnyNoisy => Windows.Any(w => w.Noisy);

    /// <summary>Every process's CPU time now, each marked ours or background.</summary>
    public Snapshot Read() => Snapshot.Read(_roots, _ourDatabases);

    /// <summary>Starts a window; disposing it reads what the background spent meanwhile, prints it and keeps it.</summary>
    public Measurement Measure(string label) => new(this, label, Snapshot.Read(_roots, _ourDatabases), Stopwatch.GetTimestamp());

    public sealed class Measurement(Background owner, string label, Snapshot before, long started) : IDisposable
    {
        public void Dispose()
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var after = Snapshot.Read(owner._roots, owner._ourDatabases);
            var cores = after.OtherTicksSince(before) / TicksPerSecond / Math.Max(elapsed.TotalSeconds, 0.001);
            var window = new Window(label, elapsed, LoadAverage(), cores, cores > owner._limitCores);
            lock (owner._windows)
            {
                owner._windows.Add(window);
            }

            Progress.Say($"  window '{label}': load average {window.LoadAverage:F2}, other processes {window.OtherCores:F3} cores" +
                (window.Noisy ? $"  NOISY (limit {owner._limitCores:F2})" : ""));
        }
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>Every process's CPU time at one moment, and which of them are background.</summary>
    public sealed class Snapshot
    {
        private readonly Dictionary<int, Proc> _processes;

        private Snapshot(Dictionary<int, Proc> processes) => _processes = processes;

        /// <param name="Start">Start time (ticks since boot): a pid reused by a new process is another process.</param>
        /// <param name="Own">utime + stime.</param>
        /// <param name="Reaped">cutime + cstime: children that exited and were waited for.</param>
        public sealed record Proc(int Ppid, long Start, long Own, long Reaped, bool Background);

        public static Snapshot Read(IReadOnlySet<int> roots, IReadOnlySet<string> ourDatabases)
        {
            var raw = new Dictionary<int, (int Ppid, long Start, long Own, long Reaped)>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                var name = Path.GetFileName(directory);
                if (name.All(char.IsAsciiDigit) && Stat(name) is { } s)
                {
                    raw[int.Parse(name, CultureInfo.InvariantCulture)] = s;
                }
            }

            var ours = new Dictionary<int, bool>();
            bool Ours(int pid)
            {
                if (ours.TryGetValue(pid, out var known))
                {
                    return known;
                }

                // Kernel threads (kthreadd, pid 2, and its children) and ours count alike: not background.
                var result = pid == 2 || (roots.Contains(pid) && !OtherDatabase(pid, ourDatabases))
                    || (raw.TryGetValue(pid, out var p) && p.Ppid > 0 && !OtherDatabase(pid, ourDatabases) && Ours(p.Ppid));
                ours[pid] = result;
                return result;
            }

            return new Snapshot(raw.ToDictionary(p => p.Key, p => new Proc(p.Value.Ppid, p.Value.Start, p.Value.Own, p.Value.Reaped, !Ours(p.Key))));
        }

        /// <summary>Whether the process is background (null: no such process at this moment).</summary>
        public bool? IsBackground(int pid) => _processes.TryGetValue(pid, out var p) ? p.Background : null;

        /// <summary>The process's own CPU ticks (utime + stime) at this moment.</summary>
        public long OwnTicks(int pid) => _processes.TryGetValue(pid, out var p) ? p.Own : 0;

        /// <summary>The CPU ticks background processes spent since <paramref name="before"/>.</summary>
        public long OtherTicksSince(Snapshot before)
        {
            long ticks = 0;
            foreach (var (pid, now) in _processes.Where(p => p.Value.Background))
            {
                ticks += before._processes.TryGetValue(pid, out var then) && then.Start == now.Start
                    ? now.Own + now.Reaped - then.Own - then.Reaped
                    : now.Own + now.Reaped;
            }

            // A process gone since is in its parent's reaped time with everything it ever spent: take off what it had
            // spent before the window (its parent's increase counted it all).
            foreach (var (pid, then) in before._processes.Where(p => !_processes.TryGetValue(p.Key, out var now) || now.Start != p.Value.Start))
            {
                if (_processes.TryGetValue(then.Ppid, out var parent) && parent.Background)
                {
                    ticks -= then.Own + then.Reaped;
                }
            }

            return Math.Max(0, ticks);
        }

        /// <summary>A PostgreSQL backend of a database that is not the benchmark's (its title: "postgres: user database …").</summary>
        private static bool OtherDatabase(int pid, IReadOnlySet<string> ourDatabases)
        {
            string title;
            try
            {
                title = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }

            // A backend's title ends "<user> <database> <host(port)|[local]> <state>"; auxiliary processes have no client.
            var words = title.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0 || !words[0].StartsWith("postgres:", StringComparison.Ordinal))
            {
                return false;
            }

            var client = Array.FindIndex(words, w => w == "[local]" || (w.Contains('(', StringComparison.Ordinal) && w.EndsWith(')')));
            return client >= 2 && !ourDatabases.Contains(words[client - 1]);
        }

        private static (int Ppid, long Start, long Own, long Reaped)? Stat(string pid)
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

            // Fields after the command name (which may hold spaces), numbered from 3 as in proc(5): ppid 4, utime 14,
            // stime 15, cutime 16, cstime 17, starttime 22.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(f[number - 3], CultureInfo.InvariantCulture);
            return ((int)Field(4), Field(22), Field(14) + Field(15), Field(16) + Field(17));
        }
    }
}
