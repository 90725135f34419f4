using System.Diagnostics;
using Digis.Testing;
using Npgsql;

namespace Digis.Failover.Tests;

/// <summary>
/// A pg_auto_failover formation of this test run's own (SPEC §12): a monitor and two data nodes on free loopback
/// ports, in a folder of its own under the temp folder, made and run by <c>scripts/ha.sh</c> exactly as
/// <c>start.sh --ha</c> makes its one. It runs beside the machine's PostgreSQL and beside <c>start.sh --ha</c>.
/// </summary>
public sealed class HaCluster : IAsyncDisposable
{
    private HaCluster(string directory, int monitorPort, int port1, int port2)
    {
        Directory = directory;
        MonitorPort = monitorPort;
        Ports = new Dictionary<string, int> { ["node1"] = port1, ["node2"] = port2 };
    }

    public string Directory { get; }

    public int MonitorPort { get; }

    public IReadOnlyDictionary<string, int> Ports { get; }

    /// <summary>The multi-host connection string the hosts use: writes go to whichever node is the primary.</summary>
    public string ServerConnectionString =>
        $"Host=127.0.0.1:{Ports["node1"]},127.0.0.1:{Ports["node2"]};Target Session Attributes=primary;" +
        "Username=postgres;Password=postgres;SSL Mode=Disable";

    public static async Task<HaCluster> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "digis-failover-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var ports = new HashSet<int>();
        while (ports.Count < 3)
        {
            ports.Add(HostProcess.FreePort());
        }

        var (monitor, port1, port2) = (ports.ElementAt(0), ports.ElementAt(1), ports.ElementAt(2));
        var cluster = new HaCluster(directory, monitor, port1, port2);
        await cluster.ScriptAsync(TimeSpan.FromMinutes(4), "up", $"{monitor}", $"{port1}", $"{port2}");
        return cluster;
    }

    public sealed record Node(string Name, int Port, string Reported, string Goal)
    {
        public bool Is(string state) => Reported == state && Goal == state;
    }

    /// <summary>The monitor's view of the formation.</summary>
    public async Task<IReadOnlyList<Node>> NodesAsync()
    {
        await using var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={MonitorPort};Database=pg_auto_failover;Username=autoctl_node;SSL Mode=Disable;Pooling=false;Timeout=3");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT nodename, nodeport, reportedstate::text, goalstate::text FROM pgautofailover.node ORDER BY nodeid", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var nodes = new List<Node>();
        while (await reader.ReadAsync())
        {
            nodes.Add(new Node(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3)));
        }

        return nodes;
    }

    /// <summary>The monitor's events since <paramref name="since"/>: what it decided, and when.</summary>
    public async Task<IReadOnlyList<string>> EventsAsync(DateTime since)
    {
        await using var connection = new NpgsqlConnection(
            $"Host=127.0.0.1;Port={MonitorPort};Database=pg_auto_failover;Username=autoctl_node;SSL Mode=Disable;Pooling=false;Timeout=3");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT to_char(eventtime AT TIME ZONE 'UTC', 'HH24:MI:SS.MS') || ' ' || description FROM pgautofailover.event WHERE eventtime > @since ORDER BY eventid",
            connection);
        command.Parameters.AddWithValue("since", since);
        var events = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(reader.GetString(0));
        }

        return events;
    }

    /// <summary>Waits until the monitor's view satisfies <paramref name="condition"/>; returns that view.</summary>
    public async Task<IReadOnlyList<Node>> WaitForAsync(Func<IReadOnlyList<Node>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<Node> nodes = [];
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                nodes = await NodesAsync();
                if (condition(nodes))
                {
                    return nodes;
                }
            }
            catch (NpgsqlException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds} s: " +
            string.Join(", ", nodes.Select(n => $"{n.Name} {n.Reported}/{n.Goal}")));
    }

    /// <summary>SIGKILL of the node's postmaster (its pg_autoctl stays, as it would restart a crashed PostgreSQL).</summary>
    public int KillPostgres(string node)
    {
        var pid = int.Parse(File.ReadLines(Path.Combine(Directory, node, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        using var postmaster = Process.GetProcessById(pid);
        postmaster.Kill(); // SIGKILL
        return pid;
    }

    /// <summary>The inode of the node's data directory: the same one after a rejoin means it was reused, not replaced by a fresh copy.</summary>
    public async Task<string> DataDirectoryIdAsync(string node) => (await RunAsync("stat", ["-c", "%i", Path.Combine(Directory, node)], TimeSpan.FromSeconds(10))).Trim();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ScriptAsync(TimeSpan.FromMinutes(1), "stop");
        }
        finally
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private Task<string> ScriptAsync(TimeSpan timeout, string command, params string[] arguments) =>
        RunAsync("bash", [Path.Combine(HostProcess.RepoRoot, "scripts", "ha.sh"), command, Directory, .. arguments], timeout);

    private static async Task<string> RunAsync(string file, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        string output, error;
        try
        {
            // The output too: a process the script left behind holding it open would keep it from ending.
            await process.WaitForExitAsync(cancel.Token);
            (output, error) = (await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} took over {timeout.TotalSeconds} s");
        }

        return process.ExitCode == 0
            ? output
            : throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} failed ({process.ExitCode}): {output}{error}");
    }
}
