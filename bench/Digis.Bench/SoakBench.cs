using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Digis.Bench;

/// <summary>
/// SPEC §9 v3 soak: mixed load (tips, tickets, calls with metering, purchases through the sandbox checkout, wallet reads)
/// through the gateway at half the measured maximum, for <c>BENCH_SOAK_SECONDS</c> (30 minutes by default). Every
/// 10-second window records throughput, p50/p99, 5xx and other failures, and each process's resident memory; the run
/// ends with a table (<c>bench/results/soak.md</c>, <c>soak.csv</c>) and a plot (<c>soak.png</c>, by
/// <c>bench/soak_plot.py</c>). Held to: no 5xx; p99 of the last minute ≤ 1.5 × the first minute's; each process's
/// resident memory grows less than 10 % after the first 5 minutes (a fifth of the run when it is shorter than 25).
/// </summary>
public sealed class SoakBench(BenchSettings settings, Report report)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly BenchTokens _tokens = new(settings);
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
    {
        BaseAddress = settings.Gateway,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly ConcurrentQueue<(long At, double Ms, int Status)> _samples = new();

    /// <summary>Every answer of the soak by status (0: none), for the table's summary line.</summary>
    private readonly ConcurrentDictionary<int, long> _statuses = new();

    private BenchSettings Settings => settings;
    private Parties _parties = null!;

    public async Task RunAsync(TimeSpan duration, int rate, int users)
    {
        _parties = await Parties.CreateAsync(this, users);
        var processes = new List<(string Name, int Pid)>();
        if (settings.GatewayPid is { } gateway)
        {
            processes.Add(("gateway", gateway));
        }

        processes.AddRange(settings.ApiPids.Select((pid, i) => ($"api{i + 1}", pid)));

        if (rate <= 0)
        {
            var max = await MeasureMaximumAsync(TimeSpan.FromSeconds(20), concurrency: 32);
            rate = Math.Max(1, (int)(max / 2));
            report.Add(new Figure("soak", "measured maximum (closed loop, 32 clients)", max, "ops/s"));
        }

        Progress.Say($"soak: {rate} ops/s for {duration.TotalMinutes:F1} min");
        var windows = await OpenLoopAsync(duration, rate, processes);
        await WriteAsync(windows, processes, duration, rate);
    }

    /// <summary>One 10-second window of the soak.</summary>
    private sealed record WindowRow(double Seconds, double PerSecond, double P50Ms, double P99Ms, long ServerErrors, long OtherFailures, IReadOnlyList<long> RssKb);

    private async Task<double> MeasureMaximumAsync(TimeSpan length, int concurrency)
    {
        Progress.Say($"soak: measuring the maximum, {concurrency} clients for {length.TotalSeconds:F0} s");
        var ok = 0L;
        var until = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        using (Background.Current.Measure("soak: maximum"))
        {
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                while (Stopwatch.GetTimestamp() < until)
                {
                    await OperationAsync();
                    Interlocked.Increment(ref ok);
                }
            }));
        }

        _samples.Clear();
        return ok / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private async Task<List<WindowRow>> OpenLoopAsync(TimeSpan duration, int rate, List<(string Name, int Pid)> processes)
    {
        var rows = new List<WindowRow>();
        var started = Stopwatch.GetTimestamp();
        var interval = Stopwatch.Frequency / (double)rate;
        var inFlight = new ConcurrentDictionary<Task, byte>();
        var next = (double)started;
        var windowEnd = started + (long)(Window.TotalSeconds * Stopwatch.Frequency);
        var end = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var measurement = Background.Current.Measure("soak: window 1");
        while (Stopwatch.GetTimestamp() < end)
        {
            var now = Stopwatch.GetTimestamp();
            while (next <= now)
            {
                // Open loop: an operation starts on schedule whether or not the earlier ones have answered.
                var task = OperationAsync();
                inFlight[task] = 0;
                _ = task.ContinueWith(t => inFlight.TryRemove(t, out _), TaskScheduler.Default);
                next += interval;
            }

            if (now >= windowEnd)
            {
                measurement.Dispose();
                rows.Add(Collect(Stopwatch.GetElapsedTime(started).TotalSeconds, processes));
                windowEnd += (long)(Window.TotalSeconds * Stopwatch.Frequency);
                measurement = Background.Current.Measure($"soak: window {rows.Count + 1}");
                var last = rows[^1];
                Progress.Say($"soak {last.Seconds,6:F0} s: {last.PerSecond:F0} requests/s, p99 {last.P99Ms:F1} ms, 5xx {last.ServerErrors}, " +
                    $"other failures {last.OtherFailures}, RSS {string.Join(" / ", last.RssKb.Select(k => $"{k / 1024} MB"))}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp((next - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency, 0, 5)));
        }

        await Task.WhenAll(inFlight.Keys);
        measurement.Dispose();
        rows.Add(Collect(Stopwatch.GetElapsedTime(started).TotalSeconds, processes));
        return rows;
    }

    private WindowRow Collect(double seconds, List<(string Name, int Pid)> processes)
    {
        var samples = new List<(long At, double Ms, int Status)>();
        while (_samples.TryDequeue(out var s))
        {
            samples.Add(s);
        }

        var latencies = samples.Select(s => s.Ms).Order().ToArray();
        return new WindowRow(
            seconds,
            samples.Count(s => s.Status is >= 200 and < 500) / Window.TotalSeconds,
            Load.Percentile(latencies, 0.5),
            Load.Percentile(latencies, 0.99),
            samples.Count(s => s.Status >= 500),
            samples.Count(s => s.Status is 0 or 401 or 404 or 405),
            [.. processes.Select(p => Rss.KilobytesOf(p.Pid))]);
    }

    /// <summary>
    /// One operation of the mix, chosen by weight: tip 35, wallet read 30, call step 15, ticket 10, purchase 10. A fan tips
    /// into a creator's (ticketed) show once it holds a ticket to it, and the creator directly before: a tip into a show
    /// without one is refused (403), which would count refusals as tips.
    /// </summary>
    private async Task OperationAsync()
    {
        var pick = Random.Shared.Next(100);
        var fan = _parties.AnyFan();
        if (pick < 35)
        {
            var creator = _parties.AnyCreator();
            var into = _parties.HoldsTicket(fan.Id, creator.StreamId) ? creator.StreamId : (Guid?)null;
            (await SendAsync(HttpMethod.Post, "/api/tips", fan.Token, new { creatorId = creator.Id, amount = 1, streamId = into }, keyed: true))?.Dispose();
        }
        else if (pick < 65)
        {
            await SendAsync(HttpMethod.Get, "/api/wallet", fan.Token);
        }
        else if (pick < 80)
        {
            await _parties.CallStepAsync(this);
        }
        else if (pick < 90)
        {
            var creator = _parties.AnyCreator();
            using var ticket = await SendAsync(HttpMethod.Post, $"/api/streams/{creator.StreamId}/tickets", fan.Token, keyed: true);
            if (ticket is { IsSuccessStatusCode: true })
            {
                _parties.TicketBought(fan.Id, creator.StreamId);
            }
        }
        else
        {
            using var purchase = await SendAsync(HttpMethod.Post, "/api/purchases", fan.Token, new { packageId = _parties.PackageId }, keyed: true);
            if (purchase is { StatusCode: HttpStatusCode.Created })
            {
                var id = (await purchase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                (await SendAsync(HttpMethod.Post, $"/api/sandbox/checkout/{id}", fan.Token))?.Dispose();
            }
        }
    }

    /// <summary>Sends one request and records its latency and status (0: no answer); the response is the caller's to read.</summary>
    private async Task<HttpResponseMessage?> SendAsync(HttpMethod method, string path, string token, object? body = null, bool keyed = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (keyed)
        {
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await _http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            _samples.Enqueue((started, Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)response.StatusCode));
            _statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            return response;
        }
#pragma warning disable CA1031 // a request that gets no answer is recorded as such (status 0) and the soak goes on
        catch (Exception)
#pragma warning restore CA1031
        {
            _samples.Enqueue((started, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0));
            _statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            return null;
        }
    }

    private async Task WriteAsync(List<WindowRow> rows, List<(string Name, int Pid)> processes, TimeSpan duration, int rate)
    {
        var results = Environment.GetEnvironmentVariable("BENCH_RESULTS") ?? "bench/results";
        Directory.CreateDirectory(results);
        var csv = new StringBuilder();
        csv.AppendLine(CultureInfo.InvariantCulture, $"seconds,requests_per_second,p50_ms,p99_ms,server_errors,other_failures,{string.Join(',', processes.Select(p => $"rss_mb_{p.Name}"))}");
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Soak ({DateTime.UtcNow:u}): {rate} ops/s for {duration.TotalMinutes:F1} min through the gateway");
        md.AppendLine();
        md.AppendLine("Mix: tips 35 % (into the creator's ticketed show when the fan holds its ticket, else to the creator), wallet reads 30 %, call steps 15 % (request, accept, media, heartbeats, end; metered by the hosted pass), tickets 10 %, purchases with the sandbox checkout 10 %. Plot: soak.png.");
        md.AppendLine();
        md.AppendLine("The rate is of operations; the windows count answered requests (a purchase and most call steps are two, about 1.24 per operation), and their latencies are per request.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Answers by status (0: none): {string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}.");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"| second | requests/s | p50 (ms) | p99 (ms) | 5xx | other failures | {string.Join(" | ", processes.Select(p => $"RSS {p.Name} (MB)"))} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"|---:|---:|---:|---:|---:|---:|{string.Concat(processes.Select(_ => "---:|"))}");
        foreach (var r in rows)
        {
            var rss = r.RssKb.Select(k => (k / 1024.0).ToString("F1", CultureInfo.InvariantCulture)).ToList();
            csv.AppendLine(CultureInfo.InvariantCulture, $"{r.Seconds:F0},{r.PerSecond:F1},{r.P50Ms:F2},{r.P99Ms:F2},{r.ServerErrors},{r.OtherFailures},{string.Join(',', rss)}");
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Seconds:F0} | {r.PerSecond:F1} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.ServerErrors} | {r.OtherFailures} | {string.Join(" | ", rss)} |");
        }

        await File.WriteAllTextAsync(Path.Combine(results, "soak.csv"), csv.ToString());

        var serverErrors = rows.Sum(r => r.ServerErrors);
        report.Add(new Figure("soak", "5xx answers", serverErrors, "responses", "= 0", serverErrors == 0));
        report.Add(new Figure("soak", "other failures (no answer, 401, 404, 405)", rows.Sum(r => r.OtherFailures), "requests"));
        var perMinute = (int)Math.Max(1, Math.Round(60 / Window.TotalSeconds));
        double P99Of(IEnumerable<WindowRow> of) => of.Select(r => r.P99Ms).Where(p => !double.IsNaN(p)).DefaultIfEmpty(double.NaN).Max();
        var first = P99Of(rows.Take(perMinute));
        var last = P99Of(rows.TakeLast(perMinute));
        report.Add(new Figure("soak", "p99, first minute", first, "ms"));
        report.Add(new Figure("soak", "p99, last minute", last, "ms"));
        report.Add(new Figure("soak", "p99 last minute / first minute", last / first, "×", "<= 1.5", last / first <= 1.5));
        // After the first 5 minutes (a fifth of a shorter run): resident memory is expected to have settled.
        var settledAt = Math.Min(300, duration.TotalSeconds / 5);
        var settled = rows.FirstOrDefault(r => r.Seconds >= settledAt) ?? rows[0];
        for (var p = 0; p < processes.Count; p++)
        {
            var growth = settled.RssKb[p] > 0 ? (rows[^1].RssKb[p] - settled.RssKb[p]) * 100.0 / settled.RssKb[p] : double.NaN;
            report.Add(new Figure("soak", $"RSS growth of {processes[p].Name} after {settledAt:F0} s", growth, "%", "< 10 %", growth < 10));
        }

        md.AppendLine();
        md.AppendLine(report.ToMarkdown());
        await File.WriteAllTextAsync(Path.Combine(results, "soak.md"), md.ToString());
        await PlotAsync(results);
    }

    /// <summary>soak.png from soak.csv, by bench/soak_plot.py (python3 with matplotlib; scripts/bench.sh installs python3-matplotlib).</summary>
    private static async Task PlotAsync(string results)
    {
        var script = Environment.GetEnvironmentVariable("BENCH_SOAK_PLOT") ?? "bench/soak_plot.py";
        // Debian's interpreter, where python3-matplotlib is installed (a python3 earlier on PATH may be another).
        var python = Environment.GetEnvironmentVariable("BENCH_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");
        var info = new ProcessStartInfo(python) { RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(Path.Combine(results, "soak.csv"));
        info.ArgumentList.Add(Path.Combine(results, "soak.png"));
        using var plot = Process.Start(info)!;
        var errors = await plot.StandardError.ReadToEndAsync();
        await plot.WaitForExitAsync();
        Progress.Say(plot.ExitCode == 0 ? $"soak: plot written to {Path.Combine(results, "soak.png")}" : $"soak: no plot ({errors.Trim()})");
    }

    /// <summary>The soak's users: funded fans, creators each with a live ticketed show and call terms, and the calls in progress.</summary>
    private sealed class Parties
    {
        private readonly List<(Guid Id, string Token)> _fans;
        private readonly List<(Guid Id, string Token, Guid StreamId)> _creators;

        /// <summary>Call pair i (fan i with creator i): its call, and how many steps it has taken.</summary>
        private readonly (Guid? Call, int Steps)[] _calls;
        private readonly SemaphoreSlim[] _pairLocks;

        /// <summary>The (fan, show) pairs whose ticket the fan bought (201, or 200 for one it held).</summary>
        private readonly ConcurrentDictionary<(Guid Fan, Guid Stream), bool> _tickets = new();

        private Parties(List<(Guid, string)> fans, List<(Guid, string, Guid)> creators, Guid packageId)
        {
            (_fans, _creators, PackageId) = (fans, creators, packageId);
            _calls = new (Guid?, int)[creators.Count];
            _pairLocks = [.. creators.Select(_ => new SemaphoreSlim(1))];
        }

        public Guid PackageId { get; }

        public static async Task<Parties> CreateAsync(SoakBench soak, int users)
        {
            var creatorCount = Math.Max(1, users / 4);
            var seeded = await Seed.UsersAsync(soak.Settings.ConnectionString, users, creatorCount, 100_000_000);
            var fans = seeded.Fans.Select(f => (f, soak._tokens.Create(f, "fan", "soak fan"))).ToList();
            var creators = new List<(Guid, string, Guid)>();
            foreach (var c in seeded.Creators)
            {
                var token = soak._tokens.Create(c, "creator", "soak creator");
                (await soak.SendAsync(HttpMethod.Put, "/api/creators/me/call-settings", token, new { ratePerMinute = 2, available = true }))!.EnsureSuccessStatusCode();
                using var created = (await soak.SendAsync(HttpMethod.Post, "/api/streams", token, new { title = "soak show", ticketPrice = 1 }))!;
                var stream = (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                (await soak.SendAsync(HttpMethod.Post, $"/api/streams/{stream}/start", token))!.EnsureSuccessStatusCode();
                creators.Add((c, token, stream));
            }

            using var packages = (await soak.SendAsync(HttpMethod.Get, "/api/token-packages", fans[0].Item2))!;
            var package = (await packages.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("id").GetGuid();
            soak._samples.Clear();
            return new Parties(fans, creators, package);
        }

        public (Guid Id, string Token) AnyFan() => _fans[Random.Shared.Next(_fans.Count)];

        public (Guid Id, string Token, Guid StreamId) AnyCreator() => _creators[Random.Shared.Next(_creators.Count)];

        public bool HoldsTicket(Guid fan, Guid stream) => _tickets.ContainsKey((fan, stream));

        public void TicketBought(Guid fan, Guid stream) => _tickets.TryAdd((fan, stream), true);

        /// <summary>
        /// The next step of one call pair: request; accept; both report media connected; heartbeats from both (the hosted
        /// metering pass charges the blocks meanwhile); after 20 steps, end; then a new call.
        /// </summary>
        public async Task CallStepAsync(SoakBench soak)
        {
            var pair = Random.Shared.Next(_creators.Count);
            if (!await _pairLocks[pair].WaitAsync(0))
            {
                await soak.SendAsync(HttpMethod.Get, "/api/wallet", _fans[pair].Token);
                return;
            }

            try
            {
                var (fan, creator) = (_fans[pair], _creators[pair]);
                var (call, steps) = _calls[pair];
                if (call is not { } id)
                {
                    using var requested = await soak.SendAsync(HttpMethod.Post, "/api/calls", fan.Token, new { creatorId = creator.Id }, keyed: true);
                    if (requested is { StatusCode: HttpStatusCode.Created })
                    {
                        _calls[pair] = ((await requested.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), 0);
                    }

                    return;
                }

                _calls[pair] = (id, steps + 1);
                switch (steps)
                {
                    case 0:
                        (await soak.SendAsync(HttpMethod.Post, $"/api/calls/{id}/accept", creator.Token, keyed: true))?.Dispose();
                        break;
                    case 1:
                        (await soak.SendAsync(HttpMethod.Post, $"/api/calls/{id}/media", fan.Token, new { connected = true }))?.Dispose();
                        (await soak.SendAsync(HttpMethod.Post, $"/api/calls/{id}/media", creator.Token, new { connected = true }))?.Dispose();
                        break;
                    case < 20:
                        (await soak.SendAsync(HttpMethod.Post, $"/api/calls/{id}/heartbeat", fan.Token))?.Dispose();
                        (await soak.SendAsync(HttpMethod.Post, $"/api/calls/{id}/heartbeat", creator.Token))?.Dispose();
                        break;
                    default:
                        (await soak.SendAsync(HttpMethod.Post, $"/api/calls/{id}/end", fan.Token))?.Dispose();
                        _calls[pair] = (null, 0);
                        break;
                }
            }
            finally
            {
                _pairLocks[pair].Release();
            }
        }
    }
}
