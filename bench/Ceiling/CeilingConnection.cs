using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Cereon.Bench.Ceiling;

/// <summary>
/// One socket of the ceiling server: a receive loop that answers subscribe, ping and the rest of protocol.md §6, and
/// a send task draining a bounded queue. A client that lets the queue fill is closed with 1013, as the gateway does.
/// </summary>
internal sealed class CeilingConnection
{
    /// <summary>The gateway's default <c>SendQueueCapacity</c>.</summary>
    private const int QueueCapacity = 512;

    /// <summary>Clients only send small control messages; anything larger is refused with 1009.</summary>
    private const int MaxMessageBytes = 64 * 1024;

    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly CeilingBroadcaster _broadcaster;
    private readonly Channel<CeilingFrame> _outgoing = Channel.CreateBounded<CeilingFrame>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private byte[]? _dataTail;
    private int _tooSlow;

    private CeilingConnection(WebSocket socket, CeilingBroadcaster broadcaster)
    {
        _socket = socket;
        _broadcaster = broadcaster;
    }

    public static async Task ServeAsync(HttpContext http, CeilingBroadcaster broadcaster)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var connection = new CeilingConnection(socket, broadcaster);
        broadcaster.Add(connection);
        try
        {
            await connection.RunAsync(http.RequestAborted);
        }
        finally
        {
            broadcaster.Remove(connection);
        }
    }

    /// <summary>Queues a data message for this socket's subscription, if it has one.</summary>
    public void OfferData(byte[] head)
    {
        if (Volatile.Read(ref _dataTail) is { } tail)
        {
            Offer(new CeilingFrame(head, tail));
        }
    }

    public void Offer(byte[] frame) => Offer(new CeilingFrame(frame, null));

    private void Offer(CeilingFrame frame)
    {
        if (!_outgoing.Writer.TryWrite(frame) && Interlocked.Exchange(ref _tooSlow, 1) == 0)
        {
            // Completing the queue ends the send task, which closes the socket with 1013.
            _outgoing.Writer.TryComplete();
        }
    }

    private async Task RunAsync(CancellationToken aborted)
    {
        var sending = SendLoopAsync(aborted);
        try
        {
            await ReceiveLoopAsync(aborted);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away; nothing to report in a benchmark server.
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            await sending;
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken aborted)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= MaxMessageBytes)
                {
                    await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "Message too big", aborted);
                    return;
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var result = await _socket.ReceiveAsync(buffer.AsMemory(length), aborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                Handle(buffer.AsMemory(0, length));
                length = 0;
            }
        }
    }

    private void Handle(ReadOnlyMemory<byte> message)
    {
        var now = _broadcaster.Time.GetUtcNow();
        try
        {
            // Parsed in full, as a simple server would, so acknowledgements (--ack) cost the ceiling a parse too.
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            switch (Text(root, "action"))
            {
                case "subscribe":
                    var subscriptionId = Text(root, "subscriptionId") ?? Guid.NewGuid().ToString("N");
                    // The answer is queued before the tail is set, so it always precedes the first data message.
                    Offer(CeilingFrames.Subscribed(subscriptionId, Text(root, "topic") ?? "default", _broadcaster.Epoch, now));
                    Volatile.Write(ref _dataTail, CeilingFrames.DataTail(subscriptionId));
                    break;
                case "unsubscribe":
                    Volatile.Write(ref _dataTail, null);
                    Offer(CeilingFrames.Unsubscribed(Text(root, "subscriptionId") ?? string.Empty, now));
                    break;
                case "ping":
                    Offer(CeilingFrames.Action("pong", now));
                    break;
                case "pong" or "ack":
                    break;
                default:
                    Offer(CeilingFrames.Error("Unknown action", now));
                    break;
            }
        }
        catch (JsonException)
        {
            Offer(CeilingFrames.Error("Invalid JSON message", now));
        }
    }

    private async Task SendLoopAsync(CancellationToken aborted)
    {
        // One buffer per socket, reused: a data message is the shared head and this socket's tail, sent as one frame.
        var frame = new byte[512];
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(aborted))
            {
                if (message.Tail is not { } tail)
                {
                    await _socket.SendAsync(message.Head, WebSocketMessageType.Text, true, aborted);
                    continue;
                }

                var length = message.Head.Length + tail.Length;
                if (frame.Length < length)
                {
                    frame = new byte[length * 2];
                }

                message.Head.CopyTo(frame, 0);
                tail.CopyTo(frame, message.Head.Length);
                await _socket.SendAsync(frame.AsMemory(0, length), WebSocketMessageType.Text, true, aborted);
            }

            if (Volatile.Read(ref _tooSlow) == 1)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
                timeout.CancelAfter(CloseTimeout);
                await _socket.CloseOutputAsync((WebSocketCloseStatus)1013, "Too slow to keep up", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away mid-send.
        }
        finally
        {
            if (Volatile.Read(ref _tooSlow) == 1)
            {
                // Ends the receive loop, which would otherwise wait for a client that is not reading.
                _socket.Abort();
            }
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
