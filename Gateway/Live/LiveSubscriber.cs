using Cereon.Gateway.Telemetry;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Gateway.Live;

/// <summary>
/// One client subscription on one socket. Delivers a card stream's messages in seq order with no gap and no
/// duplicate: live messages that arrive while the replay is pending are held back, repeats are dropped, and a jump
/// in seq is filled from the grain's retained history before anything newer is sent.
/// </summary>
internal sealed partial class LiveSubscriber(
    CardSocketSession session, string subscriptionId, string cursor, string route, string topic, LiveFormat format, ILiveCardGrain grain, ILogger logger)
    : ILiveListener
{
    private readonly Lock _gate = new();
    private readonly byte[] _suffix = SocketFrames.DataSuffix(subscriptionId);
    private List<DataFrames>? _held = [];
    private long _lastSent = -1;
    private bool _filling;
    private bool _stopped;

    public string SubscriptionId { get; } = subscriptionId;

    /// <summary>Whose acknowledged position this subscription keeps (<see cref="SocketClient.Cursor"/>).</summary>
    public string Cursor { get; } = cursor;

    /// <summary>The card's route, which labels this subscription's metrics.</summary>
    public string Route { get; } = route;

    public string Topic { get; } = topic;

    public ILiveCardGrain Grain { get; } = grain;

    public string Epoch { get; private set; } = string.Empty;

    public LiveFeed? Feed { get; set; }

    /// <summary>Sends <c>subscribed</c>, then the replay or snapshot, then whatever arrived live meanwhile.</summary>
    public void Start(LiveSubscription subscription, long? resumeSeq, byte[] subscribedFrame)
    {
        Feed?.Started(subscription);
        lock (_gate)
        {
            Epoch = subscription.Epoch;
            session.TryEnqueue(OutgoingFrame.Whole(subscribedFrame));
            if (subscription.Recovered && resumeSeq is { } after)
            {
                _lastSent = after;
            }

            foreach (var message in subscription.Messages)
            {
                SendInOrder(new DataFrames(message));
            }

            // Everything up to the stream's last seq is either sent now or older than the client needs.
            _lastSent = Math.Max(_lastSent, subscription.LastSeq);
            ReleaseHeld();
        }
    }

    /// <summary>Nothing more is sent once this returns, so an <c>unsubscribed</c> answer is the last word.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    /// <summary>The stream started over under a new epoch: only a fresh subscribe can tell the client what it lost.</summary>
    public void Restart() => session.RequestClose(CloseCodes.ServiceRestart, "Live stream restarted; reconnect and resubscribe");

    /// <summary>A message from the card's Orleans stream, with its shared frames.</summary>
    public void OnLive(DataFrames frames)
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            if (_held is not null)
            {
                _held.Add(frames);
                return;
            }

            SendInOrder(frames);
        }
    }

    private void SendInOrder(DataFrames frames)
    {
        var message = frames.Message;
        if (_stopped)
        {
            return;
        }

        if (message.Seq <= _lastSent)
        {
            GatewayMetrics.Message(Route, "duplicate");
            return;
        }

        if (_lastSent >= 0 && message.Seq > _lastSent + 1)
        {
            _held = [frames];
            if (!_filling)
            {
                _filling = true;
                _ = FillGapAsync(_lastSent);
            }

            return;
        }

        if (session.TryEnqueue(new OutgoingFrame(frames.Prefix(format), _suffix)))
        {
            _lastSent = message.Seq;
            GatewayMetrics.Message(Route, "delivered");
        }
        else
        {
            GatewayMetrics.Message(Route, "dropped");
        }
    }

    private async Task FillGapAsync(long after)
    {
        IReadOnlyList<LiveMessage> missing;
        try
        {
            missing = await Grain.GetAfterAsync(after);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Without the history the order cannot be repaired: close so the client resumes and is told what it lost.
            LogGapUnfilled(logger, SubscriptionId, ex);
            session.RequestClose(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, "Live stream interrupted; resume");
            return;
        }

        lock (_gate)
        {
            _filling = false;
            var held = _held ?? [];
            _held = null;
            if (missing.Count > 0 && missing[0].Seq > _lastSent + 1)
            {
                // Trimmed from retention meanwhile; continue from what exists rather than stall for ever.
                LogGapSkipped(logger, SubscriptionId, _lastSent, missing[0].Seq);
                _lastSent = missing[0].Seq - 1;
            }

            foreach (var frames in missing.Select(m => new DataFrames(m)).Concat(held).OrderBy(f => f.Message.Seq))
            {
                SendInOrder(frames);
                if (_held is not null)
                {
                    return;
                }
            }
        }
    }

    private void ReleaseHeld()
    {
        var held = _held ?? [];
        _held = null;
        foreach (var frames in held.OrderBy(f => f.Message.Seq))
        {
            SendInOrder(frames);
            if (_held is not null)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} could not fill a gap in its card stream")]
    private static partial void LogGapUnfilled(ILogger logger, string subscriptionId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subscription {SubscriptionId} skipped from seq {From} to {To}: no longer retained")]
    private static partial void LogGapSkipped(ILogger logger, string subscriptionId, long from, long to);
}
