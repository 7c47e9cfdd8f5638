using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Cereon.Gateway.Telemetry;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Live;

/// <summary>
/// One WebSocket connection to a live card (protocol.md §6), as a transport: a receive loop hands each client message
/// to <see cref="CardSocketActions"/> one at a time, a send loop drains a bounded queue, and a heartbeat loop pings
/// and closes silent connections.
/// </summary>
internal sealed partial class CardSocketSession : IDisposable
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Client messages (subscribe, ack, ping) are a few hundred bytes: most fit the first buffer.</summary>
    private const int FirstBufferBytes = 4096;

    private readonly WebSocket _socket;
    private readonly CardDescriptor _card;
    private readonly LiveSocketServices _services;
    private readonly CardSocketActions _actions;
    private readonly RateLimiter? _messageLimiter;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly CancellationTokenSource _closeRequested = new();
    private readonly CancellationTokenSource _abort = new();
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = string.Empty;
    private int _closing;
    private long _lastHeard;

    public CardSocketSession(WebSocket socket, CardDescriptor card, SocketQuery query, ClaimsPrincipal user, SocketClient client, LiveSocketServices services)
    {
        _messageLimiter = services.NewMessageLimiter();
        _socket = socket;
        _card = card;
        _services = services;
        _actions = new CardSocketActions(this, card, query, user, client, services);
        _outgoing = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(services.Options.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastHeard = services.Time.GetTimestamp();
    }

    private DateTimeOffset Now => _services.Time.GetUtcNow();

    public async Task RunAsync(CancellationToken requestAborted)
    {
        using var aborted = requestAborted.Register(() => _abort.Cancel());
        _services.Hub.Track(this);
        GatewayMetrics.SocketConnections.Add(1, GatewayMetrics.Card(_card.Route));
        var sending = SendLoopAsync();
        var heartbeat = HeartbeatLoopAsync();
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            LogDisconnected(_services.Logger, _card.Route, ex.Message);
        }
        finally
        {
            RequestClose(WebSocketCloseStatus.NormalClosure, string.Empty);
            _outgoing.Writer.TryComplete();
            await Task.WhenAll(sending, heartbeat);
            _actions.LeaveAll();
            _services.Hub.Untrack(this);
            GatewayMetrics.SocketConnections.Add(-1, GatewayMetrics.Card(_card.Route));
        }
    }

    /// <summary>Queues a frame; a full queue means the client cannot keep up, and it is closed with 1013.</summary>
    public bool TryEnqueue(OutgoingFrame frame)
    {
        if (_outgoing.Writer.TryWrite(frame))
        {
            return true;
        }

        if (Volatile.Read(ref _closing) == 0)
        {
            LogSlowConsumer(_services.Logger, _card.Route, _services.Options.SendQueueCapacity);
            RequestClose(CloseCodes.TryAgainLater, "Too slow to keep up; reconnect and resume");
        }

        return false;
    }

    /// <summary>Starts the close handshake (once); the socket is aborted if the client does not answer in time.</summary>
    public void RequestClose(WebSocketCloseStatus status, string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 1)
        {
            return;
        }

        _closeStatus = status;
        _closeReason = reason;

        // Abort timer first: cancelling the close request can run the rest of a connection whose client is already
        // gone to its end inline, which disposes this session before the next line would run.
        _abort.CancelAfter(CloseHandshakeTimeout);
        _closeRequested.Cancel();

        // Wakes a send loop waiting on an empty queue; one whose queue is full is busy sending and sees the request
        // next. The queue stays open, so frames still arriving count as they did, not as refused by a full queue.
        _outgoing.Writer.TryWrite(default);
    }

    public void Dispose()
    {
        _closeRequested.Dispose();
        _abort.Dispose();
        _messageLimiter?.Dispose();
    }

    /// <summary>
    /// Between messages the socket holds no buffer: a zero-byte receive waits for the next, and one is rented from the
    /// pool once it arrives, grown only as far as the message needs. Holding one of the largest message's size for
    /// the socket's life cost every viewer 128 KiB of committed heap.
    /// </summary>
    private async Task ReceiveLoopAsync()
    {
        var maxBytes = _services.Options.MaxMessageBytes;
        byte[]? buffer = null;
        try
        {
            var length = 0;
            var tooBig = false;
            while (true)
            {
                var room = buffer is null ? Memory<byte>.Empty
                    : tooBig ? buffer.AsMemory(0, Math.Min(buffer.Length, FirstBufferBytes))
                    : buffer.AsMemory(length);
                var result = await _socket.ReceiveAsync(room, _abort.Token);
                Interlocked.Exchange(ref _lastHeard, _services.Time.GetTimestamp());
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += tooBig ? 0 : result.Count;
                if (!tooBig && length > maxBytes)
                {
                    tooBig = true;
                    RequestClose(WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxBytes} bytes");
                }

                if (!result.EndOfMessage || tooBig)
                {
                    if (!tooBig && (buffer is null || length == buffer.Length))
                    {
                        buffer = Grown(buffer, length, maxBytes + 1);
                    }

                    continue;
                }

                if (TryTakeMessagePermit())
                {
                    if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        _actions.HandleBinary();
                    }
                    else
                    {
                        await _actions.HandleAsync(buffer is null ? ReadOnlyMemory<byte>.Empty : buffer.AsMemory(0, length), _abort.Token);
                    }
                }

                length = 0;
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = null;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>A pooled buffer twice the size (the first <see cref="FirstBufferBytes"/>), at most <paramref name="most"/>, holding the <paramref name="length"/> bytes received so far.</summary>
    private static byte[] Grown(byte[]? buffer, int length, int most)
    {
        var grown = ArrayPool<byte>.Shared.Rent(Math.Min(buffer is null ? FirstBufferBytes : buffer.Length * 2, most));
        if (buffer is not null)
        {
            buffer.AsSpan(0, length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return grown;
    }

    /// <summary>A client flooding the socket (subscribe storms included) is closed with 1013, to come back slower.</summary>
    private bool TryTakeMessagePermit()
    {
        if (_messageLimiter is null)
        {
            return true;
        }

        using var lease = _messageLimiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            RequestClose(CloseCodes.TryAgainLater, "Too many messages; reconnect more slowly");
        }

        return lease.IsAcquired;
    }

    /// <summary>
    /// Sends what is queued until a close is requested; what is still queued then is dropped, and a resuming client
    /// gets it from retained history.
    /// </summary>
    /// <remarks>
    /// Neither the wait nor the sends take a token: with one, every wait and every send registered on it and sends took
    /// <see cref="WebSocket"/>'s slower cancellable path, three registrations per message on every socket (about 8 %
    /// of the gateway's CPU at 10,000 sockets, BENCHMARKS.md session 9). A send stuck on a client that stopped reading
    /// still ends when <see cref="_abort"/> fires: it cancels the receive, a cancelled receive aborts the WebSocket,
    /// and ASP.NET Core aborts the connection with it, which fails the pending write
    /// (<c>ClientThatNeverReads_IsCutOff_AndItsSessionEnds</c>).
    /// </remarks>
    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync() && !_closeRequested.IsCancellationRequested)
            {
                while (!_closeRequested.IsCancellationRequested && _outgoing.Reader.TryRead(out var frame))
                {
                    if (frame.Tail.IsEmpty)
                    {
                        await _socket.SendAsync(frame.Head, WebSocketMessageType.Text, true, CancellationToken.None);
                    }
                    else
                    {
                        await _socket.SendAsync(frame.Head, WebSocketMessageType.Text, false, CancellationToken.None);
                        await _socket.SendAsync(frame.Tail, WebSocketMessageType.Text, true, CancellationToken.None);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            LogDisconnected(_services.Logger, _card.Route, ex.Message);
            return;
        }

        await CloseOutputAsync();
    }

    private async Task CloseOutputAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await _socket.CloseOutputAsync(_closeStatus, _closeReason, _abort.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            LogDisconnected(_services.Logger, _card.Route, ex.Message);
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        var period = _card.Live.Heartbeat ?? _services.Options.HeartbeatInterval;
        var silentLimit = period * (_services.Options.MissedHeartbeats + 1);
        using var timer = new PeriodicTimer(period, _services.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(_closeRequested.Token))
            {
                if (_services.Time.GetElapsedTime(Interlocked.Read(ref _lastHeard)) > silentLimit)
                {
                    RequestClose(CloseCodes.HeartbeatTimeout, "No heartbeat answer");
                    return;
                }

                TryEnqueue(OutgoingFrame.Whole(SocketFrames.Action("ping", Now)));
            }
        }
        catch (OperationCanceledException) when (_closeRequested.IsCancellationRequested)
        {
            LogHeartbeatStopped(_services.Logger, _card.Route);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket client of {Route} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string route, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket client of {Route} fell {Capacity} frames behind; closing with 1013")]
    private static partial void LogSlowConsumer(ILogger logger, string route, int capacity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heartbeat of {Route} stopped")]
    private static partial void LogHeartbeatStopped(ILogger logger, string route);
}
