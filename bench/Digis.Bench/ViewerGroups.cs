using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Digis.Bench;

/// <summary>
/// The fan-out's viewers, spread over child processes of this program (one client process holds a few thousand
/// WebSockets; SPEC §9 v3 asks for 10,000): each child connects its share through the gateway, joins the stream's room,
/// says <c>ready &lt;count&gt;</c>, records every tip's arrival (wall-clock ticks) until told <c>done</c> on its standard
/// input, then writes them to a file and says <c>written</c>.
/// </summary>
public sealed class ViewerGroups : IAsyncDisposable
{
    private readonly List<(Process Process, string Tokens, string Out)> _children;

    private ViewerGroups(List<(Process, string, string)> children, int connected) => (_children, Connected) = (children, connected);

    public int Connected { get; }

    /// <summary>The viewer processes, for the CPU they spend.</summary>
    public IEnumerable<int> Pids => _children.Select(c => c.Process.Id);

    /// <summary>Child <c>i</c> connects its share through <c>gateways[i % gateways.Count]</c>.</summary>
    public static async Task<ViewerGroups> StartAsync(IReadOnlyList<Uri> gateways, Guid streamId, IReadOnlyList<string> tokens, int processes)
    {
        var self = Assembly.GetEntryAssembly()!.Location;
        var children = new List<(Process, string, string)>();
        var shares = tokens.Select((t, i) => (t, i)).GroupBy(x => x.i % Math.Max(1, processes), x => x.t).ToList();
        foreach (var share in shares)
        {
            var tokensFile = Path.GetTempFileName();
            await File.WriteAllLinesAsync(tokensFile, share);
            var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true };
            info.Environment["DOTNET_gcServer"] = "0";
            var gateway = gateways[children.Count % gateways.Count];
            foreach (var argument in new[] { self, "fanout-client", gateway.ToString(), streamId.ToString(), tokensFile, tokensFile + ".out" })
            {
                info.ArgumentList.Add(argument);
            }

            children.Add((Process.Start(info)!, tokensFile, tokensFile + ".out"));
        }

        var connected = 0;
        foreach (var (process, _, _) in children)
        {
            var line = await process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("a viewer process ended before it was ready");
            connected += int.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
        }

        return new ViewerGroups(children, connected);
    }

    /// <summary>Every tip's arrivals, by tip id, from every child.</summary>
    public async Task<IReadOnlyDictionary<Guid, List<long>>> ReceivedAsync()
    {
        var received = new Dictionary<Guid, List<long>>();
        foreach (var (process, _, _) in _children)
        {
            await process.StandardInput.WriteLineAsync("done");
            await process.StandardInput.FlushAsync();
        }

        foreach (var (process, _, output) in _children)
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line && line != "written")
            {
            }

            foreach (var line in await File.ReadAllLinesAsync(output))
            {
                var f = line.Split(' ');
                var id = Guid.Parse(f[0]);
                if (!received.TryGetValue(id, out var at))
                {
                    received[id] = at = [];
                }

                at.Add(long.Parse(f[1], CultureInfo.InvariantCulture));
            }
        }

        return received;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, tokens, output) in _children)
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    process.Kill();
                }
            }

            process.Dispose();
            File.Delete(tokens);
            File.Delete(output);
        }

        await Task.CompletedTask;
    }

    /// <summary>
    /// The child's side: <c>fanout-client GATEWAY STREAM TOKENS-FILE OUT-FILE</c>. Each viewer is a <see cref="RawViewer"/>:
    /// SignalR's JSON protocol over a WebSocket through the gateway, as a browser speaks it, without the .NET client's
    /// per-message work (ADR 0118).
    /// </summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (gateway, streamId, tokens, output) = (new Uri(args[1]), Guid.Parse(args[2]), await File.ReadAllLinesAsync(args[3]), args[4]);
        var received = new ConcurrentQueue<(Guid Tip, long At)>();
        var viewers = new ConcurrentBag<RawViewer>();
        var hub = new UriBuilder(gateway) { Scheme = gateway.Scheme == "https" ? "wss" : "ws", Path = "/hubs/live" }.Uri;
        using var stop = new CancellationTokenSource();
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(tokens.Select(async token =>
        {
            await gate.WaitAsync();
            try
            {
                viewers.Add(await RawViewer.ConnectAsync(hub, token, streamId, received, stop.Token));
            }
#pragma warning disable CA1031 // a viewer that cannot connect is counted out (the coordinator compares the count)
            catch (Exception e)
#pragma warning restore CA1031
            {
                await Console.Error.WriteLineAsync($"viewer failed to connect: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));

        // The hub drops a client it has not heard from in 30 s (SignalR's ClientTimeoutInterval): ping every 10 s.
        var pings = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                foreach (var viewer in viewers)
                {
                    await viewer.PingAsync(stop.Token);
                }
            }
        });

        Console.WriteLine($"ready {viewers.Count}");
        await Console.In.ReadLineAsync();
        await File.WriteAllLinesAsync(output, received.Select(r => $"{r.Tip} {r.At}"));
        Console.WriteLine("written");
        await stop.CancelAsync();
        try
        {
            await pings;
        }
        catch (OperationCanceledException)
        {
        }

        await Task.WhenAll(viewers.Select(v => v.CloseAsync()));
        return 0;
    }
}
