using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Bench;

/// <summary>
/// SPEC §9: a tip reaches N hub clients (WebSockets, through the gateway) in its stream's room. Latency
/// is from just before the tip is posted to its arrival at each client; every client must get every tip.
/// </summary>
public sealed class FanoutBench(BenchSettings settings, Report report)
{
    private const int Tips = 20;

    // The first tips into a fresh room JIT-compile the broadcast path in the API, the gateway's WebSocket
    // tunnels and 1,000 client handlers; their latency is printed apart, without the target. Code that runs
    // once per tip is recompiled at tier 1 only after ~30 calls, so 10 warm-up tips left that happening
    // inside the measured ones (p99 84–116 ms alone, 78–80 ms with 40 warm-up tips).
    private const int WarmUpTips = 40;

    public async Task RunAsync(int viewers)
    {
        var tokens = new BenchTokens(settings);
        var users = await Seed.UsersAsync(settings.ConnectionString, viewers + 1, 1, 1_000_000);
        var creator = users.Creators[0];
        using var http = new HttpClient { BaseAddress = settings.Gateway };
        var creatorToken = tokens.Create(creator, "creator", "bench creator");
        var streamId = await GoLiveAsync(http, creatorToken);

        Progress.Say($"fan-out: connecting {viewers} hub clients through the gateway");
        var received = new ConcurrentDictionary<Guid, ConcurrentBag<long>>();
        var connections = new ConcurrentBag<HubConnection>();
        using var gate = new SemaphoreSlim(50);
        await Task.WhenAll(users.Fans.Skip(1).Select(async fan =>
        {
            await gate.WaitAsync();
            try
            {
                var token = tokens.Create(fan, "fan", "viewer");
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(settings.Gateway, "/hubs/live"), o =>
                    {
                        o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                        o.Transports = HttpTransportType.WebSockets;
                        o.SkipNegotiation = true;
                    })
                    .Build();
                connection.On<JsonElement>("tip", tip =>
                    received.GetOrAdd(tip.GetProperty("id").GetGuid(), _ => []).Add(Stopwatch.GetTimestamp()));
                await connection.StartAsync();
                await connection.InvokeAsync("JoinStream", streamId.ToString());
                connections.Add(connection);
            }
            finally
            {
                gate.Release();
            }
        }));

        var fanToken = tokens.Create(users.Fans[0], "fan", "bench fan");
        var sent = new Dictionary<Guid, long>();
        var warmUp = new Dictionary<Guid, long>();
        for (var i = -WarmUpTips; i < Tips; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tips")
            {
                Content = JsonContent.Create(new { creatorId = creator, amount = 1, message = $"fan-out {i}", streamId }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fanToken);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var tip = await response.Content.ReadFromJsonAsync<JsonElement>();
            (i >= 0 ? sent : warmUp)[tip.GetProperty("id").GetGuid()] = started;

            await Task.Delay(250);
        }

        await Task.Delay(2_000); // the last deliveries
        double[] Latencies(Dictionary<Guid, long> tips) => tips.SelectMany(s => (received.TryGetValue(s.Key, out var bag) ? bag : [])
            .Select(at => Stopwatch.GetElapsedTime(s.Value, at).TotalMilliseconds)).Order().ToArray();
        var latencies = Latencies(sent);
        var expected = (long)connections.Count * Tips;
        report.Add(new Figure($"fan-out {viewers} clients", "delivered", latencies.Length, "events", $"= {expected}", latencies.Length == expected && connections.Count == viewers));
        report.Add(new Figure($"fan-out {viewers} clients", "p50", Load.Percentile(latencies, 0.5), "ms"));
        var p99 = Load.Percentile(latencies, 0.99);
        report.Add(new Figure($"fan-out {viewers} clients", "p99", p99, "ms", "< 100 ms", p99 < 100));
        report.Add(new Figure($"fan-out {viewers} clients", $"p99 of the {WarmUpTips} warm-up tips", Load.Percentile(Latencies(warmUp), 0.99), "ms"));
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    }

    private static async Task<Guid> GoLiveAsync(HttpClient http, string token)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/streams") { Content = JsonContent.Create(new { title = "fan-out show" }) };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await http.SendAsync(create);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var start = new HttpRequestMessage(HttpMethod.Post, $"/api/streams/{id}/start");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await http.SendAsync(start)).EnsureSuccessStatusCode();
        return id;
    }
}
