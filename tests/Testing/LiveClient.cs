using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Testing;

/// <summary>A SignalR client of <c>/hubs/live</c> over a real socket that records every hub event it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private static readonly string[] Events =
        ["tip", "balanceChanged", "earningsChanged", "callStatus", "streamStatus", "goalProgress", "goalRemoved", "callRequested", "callSignal",
            "subscriptionChanged", "subscriptionRenewing"];
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _received = new();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        foreach (var name in Events)
        {
            var channel = Channel(name);
            connection.On<JsonElement>(name, payload => channel.Writer.TryWrite(payload));
        }
    }

    public HubConnection Connection { get; }

    public static Task<LiveClient> ConnectAsync(
        Uri baseAddress, string token, HttpTransportType transport = HttpTransportType.WebSockets, bool skipNegotiation = false) =>
        ConnectToAsync(new Uri(baseAddress, "/hubs/live"), token, transport, skipNegotiation);

    /// <summary>
    /// An OBS overlay's connection: no token, <c>?overlay=1</c>; it may only <c>JoinOverlay</c>.
    /// <paramref name="forwardedFor"/> is the client address a proxy in front would report (<c>X-Forwarded-For</c>).
    /// </summary>
    public static Task<LiveClient> ConnectOverlayAsync(Uri baseAddress, string? forwardedFor = null) =>
        ConnectToAsync(new Uri(baseAddress, "/hubs/live?overlay=1"), null, HttpTransportType.WebSockets, skipNegotiation: false, forwardedFor);

    private static async Task<LiveClient> ConnectToAsync(
        Uri url, string? token, HttpTransportType transport, bool skipNegotiation, string? forwardedFor = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                if (token is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }

                if (forwardedFor is not null)
                {
                    options.Headers["X-Forwarded-For"] = forwardedFor;
                }

                options.Transports = transport;
                options.SkipNegotiation = skipNegotiation; // straight to the WebSocket: its request is the user's first
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task JoinStreamAsync(Guid streamId) => Connection.InvokeAsync("JoinStream", streamId.ToString());

    /// <summary>Acknowledges events received, as the web client and the overlay do (SPEC §20); waits for the hub's answer.</summary>
    public Task AcknowledgeAsync(string kind, params string[] ids) => Connection.InvokeAsync("AcknowledgeEvents", kind, ids);

    /// <summary>The next event of this name, or a timeout failure.</summary>
    public async Task<JsonElement> NextAsync(string eventName, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await Channel(eventName).Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No '{eventName}' event arrived.");
        }
    }

    /// <summary>Waits for an event of this name that matches, skipping others.</summary>
    public async Task<JsonElement> NextAsync(string eventName, Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            var next = await NextAsync(eventName, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
            if (match(next))
            {
                return next;
            }
        }
    }

    /// <summary>True when no event of this name arrives within the wait.</summary>
    public async Task<bool> NoneAsync(string eventName, TimeSpan wait)
    {
        await Task.Delay(wait);
        return !Channel(eventName).Reader.TryPeek(out _);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private Channel<JsonElement> Channel(string name) =>
        _received.GetOrAdd(name, _ => System.Threading.Channels.Channel.CreateUnbounded<JsonElement>());
}
