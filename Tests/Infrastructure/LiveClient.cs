using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Cereon.Tests.Infrastructure;

/// <summary>A real WebSocket client of a live card, reading and writing protocol.md §6 JSON messages.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    private LiveClient()
    {
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public WebSocketState State => _socket.State;

    /// <summary>The subprotocol the server accepted, if any.</summary>
    public string? SubProtocol => _socket.SubProtocol;

    public static Task<LiveClient> ConnectAsync(Uri gateway, string pathAndQuery) => ConnectAsync(gateway, pathAndQuery, _ => { });

    /// <summary>Connects with request headers or subprotocols set by <paramref name="configure"/>.</summary>
    public static async Task<LiveClient> ConnectAsync(Uri gateway, string pathAndQuery, Action<ClientWebSocketOptions> configure)
    {
        var client = new LiveClient();
        configure(client._socket.Options);
        var address = new UriBuilder(new Uri(gateway, pathAndQuery)) { Scheme = "ws" }.Uri;
        await client._socket.ConnectAsync(address, CancellationToken.None);
        return client;
    }

    /// <summary>The HTTP status of an upgrade the server refused; fails if it was accepted.</summary>
    public static async Task<System.Net.HttpStatusCode> RefusedUpgradeAsync(Uri gateway, string pathAndQuery, Action<ClientWebSocketOptions>? configure = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(socket.Options);
        var address = new UriBuilder(new Uri(gateway, pathAndQuery)) { Scheme = "ws" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(address, CancellationToken.None));
        return socket.HttpStatusCode;
    }

    public Task SendAsync(JsonObject message) => SendTextAsync(message.ToJsonString());

    /// <summary>Sends <paramref name="bytes"/> as one text frame, whether or not they are UTF-8.</summary>
    public Task SendBytesAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends <paramref name="bytes"/> as one text message cut into fragments of <paramref name="fragmentBytes"/>.</summary>
    public async Task SendFragmentsAsync(byte[] bytes, int fragmentBytes)
    {
        for (var at = 0; at < bytes.Length; at += fragmentBytes)
        {
            var length = Math.Min(fragmentBytes, bytes.Length - at);
            await _socket.SendAsync(bytes.AsMemory(at, length), WebSocketMessageType.Text, at + length == bytes.Length, CancellationToken.None);
        }
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SubscribeAsync(string subscriptionId, string? topic = null, long? resumeSeq = null, string? epoch = null, string? cardId = null) =>
        SendAsync(new JsonObject
        {
            ["action"] = "subscribe",
            ["subscriptionId"] = subscriptionId,
            ["topic"] = topic,
            ["resumeSeq"] = resumeSeq,
            ["epoch"] = epoch,
            ["ackPolicy"] = "auto",
            ["clientInfo"] = cardId is null ? null : new JsonObject { ["cardId"] = cardId },
        });

    /// <summary>The next message, or null when the server closed the socket.</summary>
    public async Task<JsonObject?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    /// <summary>Skips messages until one matches; fails when none does in time.</summary>
    public async Task<JsonObject> ReceiveUntilAsync(Func<JsonObject, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            var message = await ReceiveAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException($"closed: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            if (match(message))
            {
                return message;
            }
        }

        throw new TimeoutException("no matching message");
    }

    /// <summary>The next <paramref name="count"/> data messages, skipping control messages such as pings.</summary>
    public async Task<List<JsonObject>> ReceiveDataAsync(int count, TimeSpan? timeout = null)
    {
        var data = new List<JsonObject>(count);
        while (data.Count < count)
        {
            data.Add(await ReceiveUntilAsync(m => m.ContainsKey("seq"), timeout));
        }

        return data;
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
        else if (_socket.State == WebSocketState.CloseReceived)
        {
            // Answer the server's close, as a browser does, so the handshake completes.
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (WebSocketException)
        {
            // Already gone; nothing to close.
        }

        _socket.Dispose();
    }
}
