using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;

namespace Digis.Bench;

/// <summary>
/// One fan-out viewer: a WebSocket to <c>/hubs/live</c> speaking SignalR's JSON protocol by hand (handshake,
/// <c>JoinStream</c>, pings; records end with 0x1E, a message may hold several or part of one). Every <c>tip</c>
/// invocation it receives is recorded with its arrival time (wall-clock ticks). The viewers share the benchmark
/// machine's two cores with the stack, so what they spend per message is taken from the system under test (ADR 0118).
/// </summary>
public sealed class RawViewer
{
    private const byte RecordSeparator = 0x1E;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] TipTarget = Encoding.UTF8.GetBytes("\"target\":\"tip\"");
    private static readonly byte[] TipId = Encoding.UTF8.GetBytes("\"arguments\":[{\"id\":\"");
    private static readonly byte[] Completion = Encoding.UTF8.GetBytes("\"type\":3");
    private static readonly byte[] Error = Encoding.UTF8.GetBytes("\"error\"");

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private byte[] _buffer = new byte[4096];
    private int _length; // received and not yet taken: the start of a record whose end has not come
    private Task _receiving = Task.CompletedTask;

    private RawViewer(ClientWebSocket socket) => _socket = socket;

    public static async Task<RawViewer> ConnectAsync(
        Uri hub, string token, Guid streamId, ConcurrentQueue<(Guid Tip, long At)> received, CancellationToken stop)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"{hub}?access_token={Uri.EscapeDataString(token)}"), stop);
        var viewer = new RawViewer(socket);
        await viewer.SendAsync(Handshake, stop);
        await viewer.AwaitReplyAsync(static _ => true, "the handshake", stop);
        await viewer.SendAsync(Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"JoinStream\",\"arguments\":[\"{streamId}\"]}}\u001e"), stop);
        await viewer.AwaitReplyAsync(static record => record.IndexOf(Completion) >= 0, "JoinStream", stop);
        viewer._receiving = viewer.ReceiveAsync(received, stop);
        return viewer;
    }

    /// <summary>Keeps the connection alive; a viewer whose socket dropped is left to the delivered count to show.</summary>
    public async Task PingAsync(CancellationToken stop)
    {
        try
        {
            await SendAsync(Ping, stop);
        }
        catch (WebSocketException)
        {
        }
    }

    public async Task CloseAsync()
    {
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            await _receiving;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
    }

    private async Task SendAsync(byte[] message, CancellationToken stop)
    {
        await _sending.WaitAsync(stop);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, true, stop);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Reads records until one <paramref name="isReply"/> accepts; a reply with an error fails the connection.</summary>
    private async Task AwaitReplyAsync(ReadOnlySpanFunc isReply, string what, CancellationToken stop)
    {
        string? failure = null;
        var replied = false;
        while (!replied && await ReceiveMessageAsync(stop))
        {
            TakeRecords((isReply, what), (record, state) =>
            {
                if (!replied && state.isReply(record))
                {
                    replied = true;
                    failure = record.IndexOf(Error) >= 0 ? $"{state.what} failed: {Encoding.UTF8.GetString(record)}" : null;
                }
            });
        }

        if (!replied || failure is not null)
        {
            throw new InvalidOperationException(failure ?? $"the hub closed before answering {what}");
        }
    }

    private async Task ReceiveAsync(ConcurrentQueue<(Guid Tip, long At)> received, CancellationToken stop)
    {
        try
        {
            while (await ReceiveMessageAsync(stop))
            {
                TakeRecords((received, at: DateTime.UtcNow.Ticks), static (record, state) =>
                {
                    var at = record.IndexOf(TipId);
                    if (record.IndexOf(TipTarget) >= 0 && at >= 0 && Guid.TryParse(Encoding.UTF8.GetString(record.Slice(at + TipId.Length, 36)), out var tip))
                    {
                        state.received.Enqueue((tip, state.at));
                    }
                });
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>Appends one whole WebSocket message to the buffer; false when the hub closed the socket.</summary>
    private async ValueTask<bool> ReceiveMessageAsync(CancellationToken stop)
    {
        ValueWebSocketReceiveResult result;
        do
        {
            if (_length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            result = await _socket.ReceiveAsync(_buffer.AsMemory(_length), stop);
            _length += result.Count;
        }
        while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

        return result.MessageType != WebSocketMessageType.Close;
    }

    /// <summary>Hands each complete record in the buffer (without its separator) to <paramref name="visit"/>; keeps the rest.</summary>
    private void TakeRecords<TState>(TState state, ReadOnlySpanAction<byte, TState> visit)
    {
        var data = _buffer.AsSpan(0, _length);
        int end;
        while ((end = data.IndexOf(RecordSeparator)) >= 0)
        {
            visit(data[..end], state);
            data = data[(end + 1)..];
        }

        data.CopyTo(_buffer);
        _length = data.Length;
    }

    private delegate bool ReadOnlySpanFunc(ReadOnlySpan<byte> record);
}
