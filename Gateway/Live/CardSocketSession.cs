using System.Buffers;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using System.Threading.RateLimiting;
using Cereon.Gateway.Catalog;
using Cereon.Gateway.Parameters;
using Cereon.Gateway.Telemetry;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Gateway.Live;

/// <summary>
/// One WebSocket connection to a live card (protocol.md §6). A receive loop handles client actions one at a time,
/// a send loop drains a bounded queue, and a heartbeat loop pings and closes silent connections.
/// </summary>
internal sealed partial class CardSocketSession : IDisposable
{
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);
    private static readonly JsonDocumentOptions MessageJson = new() { MaxDepth = 32 };

    private readonly WebSocket _socket;
    private readonly CardDescriptor _card;
    private readonly SocketQuery _query;
    private readonly string _paramsJson;
    private readonly LiveSocketServices _services;
    private readonly ClaimsPrincipal _user;
    private readonly SocketClient _client;
    private readonly RateLimiter? _messageLimiter;
    private readonly Channel<OutgoingFrame> _outgoing;
    private readonly Dictionary<string, LiveSubscriber> _subscriptions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closeRequested = new();
    private readonly CancellationTokenSource _abort = new();
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = string.Empty;
    private int _closing;
    private long _lastHeard;

    public CardSocketSession(WebSocket socket, CardDescriptor card, SocketQuery query, ClaimsPrincipal user, SocketClient client, LiveSocketServices services)
    {
        _user = user;
        _client = client;
        _messageLimiter = services.NewMessageLimiter();
        _socket = socket;
        _card = card;
        _query = query;
        _paramsJson = CanonicalJson.Write(query.CardParams);
        _services = services;
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
            foreach (var subscriber in _subscriptions.Values)
            {
                _services.Hub.Leave(subscriber);
                _services.Viewers.Unsubscribed(subscriber.Route);
            }

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
    }

    public void Dispose()
    {
        _closeRequested.Dispose();
        _abort.Dispose();
        _messageLimiter?.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var maxBytes = _services.Options.MaxMessageBytes;
        var buffer = ArrayPool<byte>.Shared.Rent(maxBytes + 1);
        try
        {
            var length = 0;
            var tooBig = false;
            while (true)
            {
                var room = tooBig ? buffer.AsMemory(0, Math.Min(buffer.Length, 4096)) : buffer.AsMemory(length, buffer.Length - length);
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
                    continue;
                }

                if (!TryTakeMessagePermit())
                {
                    length = 0;
                    continue;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    SendError("Binary messages are not supported");
                }
                else
                {
                    await HandleAsync(buffer.AsMemory(0, length));
                }

                length = 0;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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

    private async Task HandleAsync(ReadOnlyMemory<byte> frame)
    {
        if (!ClientText.IsValid(frame.Span))
        {
            TryEnqueue(OutgoingFrame.Whole(SocketFrames.InvalidText(frame.Span, Now)));
            return;
        }

        JsonObject message;
        try
        {
            if (JsonNode.Parse(frame.Span, documentOptions: MessageJson) is not JsonObject parsed)
            {
                SendError("Messages must be JSON objects");
                return;
            }

            // Reading the members here surfaces duplicate keys now, as bad input, rather than later as a crash.
            _ = parsed.Count;
            message = parsed;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            SendError("Invalid JSON message");
            return;
        }

        switch (SocketValues.Text(message["action"]))
        {
            case "subscribe":
                await SubscribeAsync(message);
                break;
            case "unsubscribe":
                Unsubscribe(message);
                break;
            case "ping":
                TryEnqueue(OutgoingFrame.Whole(SocketFrames.Action("pong", Now)));
                break;
            case "pong":
                break;
            case "ack":
                Ack(message);
                break;
            case null:
                SendError("Missing 'action'");
                break;
            default:
                await ForwardToCardAsync(message, frame);
                break;
        }
    }

    private async Task SubscribeAsync(JsonObject message)
    {
        var subscriptionId = SocketValues.Text(message["subscriptionId"]) ?? _query.SubscriptionId ?? Guid.NewGuid().ToString("N");
        var requested = SocketValues.Text(message["topic"]) ?? _query.Topic;
        var card = await ResolveCardAsync(SocketValues.Text((message["clientInfo"] as JsonObject)?["cardId"]));
        if (card is null)
        {
            SendSubscriptionError(subscriptionId, "Unknown live card");
            return;
        }

        if (LiveTopics.Resolve(card, requested) is not { } topic)
        {
            SendSubscriptionError(subscriptionId, $"Unknown topic '{requested}'");
            return;
        }

        var formatName = SocketValues.Text(message["format"]) ?? _query.Format;
        if (LiveFormats.Parse(formatName) is not { } format)
        {
            SendSubscriptionError(subscriptionId, $"Unknown format '{formatName}'; use 'record' or 'envelope'");
            return;
        }

        if (await _services.Authorization.DecideAsync(_user, card) != CardAccessDecision.Allowed)
        {
            SendSubscriptionError(subscriptionId, "Not allowed to use this card");
            return;
        }

        Unsubscribe(subscriptionId, answer: false);
        if (_subscriptions.Count >= _services.Options.MaxSubscriptionsPerSocket)
        {
            SendSubscriptionError(subscriptionId, $"At most {_services.Options.MaxSubscriptionsPerSocket} subscriptions per connection");
            return;
        }

        var (caller, partition) = CallerClaims.For(_user, card);
        var key = LiveCardKeys.For(card.Route, topic, _paramsJson, partition);
        if (!_services.Hub.Serves(key) && !_services.StreamStarts.TryStart(_client.Address))
        {
            RequestClose(CloseCodes.TryAgainLater, "Too many new live streams; reconnect more slowly");
            return;
        }

        var grain = _services.Grains.GetGrain<ILiveCardGrain>(key);
        var subscriber = new LiveSubscriber(this, subscriptionId, _client.Cursor(subscriptionId), card.Route, topic, format, grain, _services.Logger);
        _subscriptions[subscriptionId] = subscriber;
        _services.Viewers.Subscribed(card.Route);
        var resumeSeq = SocketValues.Seq(message["resumeSeq"]) ?? _query.ResumeSeq;
        var epoch = SocketValues.Text(message["epoch"]) ?? _query.Epoch;
        try
        {
            await _services.Hub.JoinAsync(key, subscriber, topic, _paramsJson, caller);
            var subscription = await grain.SubscribeAsync(new LiveSubscribeRequest(
                _services.Hub.GatewayId, subscriber.Cursor, resumeSeq, epoch, topic, _paramsJson, caller));
            if (subscription.Error is { } refused)
            {
                Unsubscribe(subscriptionId, answer: false);
                SendSubscriptionError(subscriptionId, refused);
                return;
            }

            subscriber.Start(subscription, resumeSeq, SocketFrames.Subscribed(subscriptionId, requested ?? LiveCardKeys.DefaultTopic, subscription.Epoch, subscription.Recovered, Now));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogSubscribeFailed(_services.Logger, key, ex);
            Unsubscribe(subscriptionId, answer: false);
            SendSubscriptionError(subscriptionId, "Live card unavailable; retry");
        }
    }

    private async Task<CardDescriptor?> ResolveCardAsync(string? cardId)
    {
        if (cardId is null || cardId == _card.CardId)
        {
            return _card;
        }

        var other = await _services.Catalog.FindAsync(CardRoutes.Combine(_card.RoutePrefix, cardId), _abort.Token);
        return other?.Transport == CardTransports.WebSocket ? other : null;
    }

    private void Unsubscribe(JsonObject message)
    {
        var subscriptionId = SocketValues.Text(message["subscriptionId"]);
        if (subscriptionId is null)
        {
            SendError("'unsubscribe' needs a 'subscriptionId'");
            return;
        }

        Unsubscribe(subscriptionId, answer: true);
    }

    private void Unsubscribe(string subscriptionId, bool answer)
    {
        if (_subscriptions.Remove(subscriptionId, out var subscriber))
        {
            _services.Hub.Leave(subscriber);
            _services.Viewers.Unsubscribed(subscriber.Route);
        }

        if (answer)
        {
            TryEnqueue(OutgoingFrame.Whole(SocketFrames.Unsubscribed(subscriptionId, Now)));
        }
    }

    private void Ack(JsonObject message)
    {
        // protocol.md §6: an ack is never answered, not even one for an id this server never sent.
        if (SocketValues.ParseMessageId(SocketValues.Text(message["messageId"])) is not var (epoch, seq))
        {
            return;
        }

        var only = SocketValues.Text(message["subscriptionId"]);
        foreach (var subscriber in _subscriptions.Values.Where(s => s.Epoch == epoch && (only is null || s.SubscriptionId == only)))
        {
            subscriber.Feed?.Ack(subscriber.Cursor, seq);
        }
    }

    private async Task ForwardToCardAsync(JsonObject message, ReadOnlyMemory<byte> frame)
    {
        if (!_card.Live.AcceptsClientMessages)
        {
            SendError($"Unknown action '{SocketValues.Text(message["action"])}'");
            return;
        }

        var requested = SocketValues.Text(message["topic"]) ?? _query.Topic;
        if (LiveTopics.Resolve(_card, requested) is not { } topic)
        {
            SendError($"Unknown topic '{requested}'");
            return;
        }

        var (caller, partition) = CallerClaims.For(_user, _card);
        var grain = _services.Grains.GetGrain<ILiveCardGrain>(LiveCardKeys.For(_card.Route, topic, _paramsJson, partition));
        try
        {
            if (await grain.HandleClientMessageAsync(System.Text.Encoding.UTF8.GetString(frame.Span), _paramsJson, caller) is { } error)
            {
                SendError(error);
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogSubscribeFailed(_services.Logger, _card.Route, ex);
            SendError("Live card unavailable; retry");
        }
    }

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(_closeRequested.Token))
            {
                while (_outgoing.Reader.TryRead(out var frame))
                {
                    if (frame.Tail.IsEmpty)
                    {
                        await _socket.SendAsync(frame.Head, WebSocketMessageType.Text, true, _abort.Token);
                    }
                    else
                    {
                        await _socket.SendAsync(frame.Head, WebSocketMessageType.Text, false, _abort.Token);
                        await _socket.SendAsync(frame.Tail, WebSocketMessageType.Text, true, _abort.Token);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_closeRequested.IsCancellationRequested)
        {
            // Closing: what is still queued is dropped; a resuming client gets it from retained history.
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

    private void SendError(string message) => TryEnqueue(OutgoingFrame.Whole(SocketFrames.Error(message, Now)));

    private void SendSubscriptionError(string subscriptionId, string message) =>
        TryEnqueue(OutgoingFrame.Whole(SocketFrames.SubscriptionError(subscriptionId, message, Now)));

    [LoggerMessage(Level = LogLevel.Debug, Message = "WebSocket client of {Route} disconnected: {Reason}")]
    private static partial void LogDisconnected(ILogger logger, string route, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "WebSocket client of {Route} fell {Capacity} frames behind; closing with 1013")]
    private static partial void LogSlowConsumer(ILogger logger, string route, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Key} could not be reached")]
    private static partial void LogSubscribeFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Heartbeat of {Route} stopped")]
    private static partial void LogHeartbeatStopped(ILogger logger, string route);
}
