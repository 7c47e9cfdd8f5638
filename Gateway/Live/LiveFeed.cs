using Cereon.Grains.Interfaces.Live;
using Orleans.Streams;

namespace Cereon.Gateway.Live;

/// <summary>
/// This gateway's one subscription to one card stream, shared by all its local subscribers: each message arrives
/// once from the cluster and is framed once per format in use, then queued on every local socket.
/// </summary>
internal sealed partial class LiveFeed(string key, ILiveCardGrain grain, IAsyncStream<LiveMessage> stream, LiveLease lease, ILogger logger)
    : IAsyncObserver<LiveMessage>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _unflushedAcks = [];
    private ILiveListener[] _subscribers = [];
    private Task<StreamSubscriptionHandle<LiveMessage>>? _subscription;
    private long _lastSeq;
    private string _epoch = string.Empty;
    private long? _behindAt;
    private volatile bool _repaired;
    private volatile bool _leased;
    private Task _maintenance = Task.CompletedTask;

    public string Key { get; } = key;

    public ILiveCardGrain Grain { get; } = grain;

    /// <summary>This gateway's lease on the stream, renewed while the feed has subscribers.</summary>
    public LiveLease Lease { get; } = lease;

    public bool IsEmpty => Volatile.Read(ref _subscribers).Length == 0;

    /// <summary>
    /// The grain admitted a subscriber of this feed, so this gateway holds a lease to renew and release. Until then
    /// there is none: a renewal could start a producer the grain refused (its card's cap, a topic it does not serve).
    /// </summary>
    public bool Leased => _leased;

    /// <summary>
    /// The grain was ahead of this feed at the last check, or the feed was repaired and has not heard the stream since:
    /// it is checked on every tick, not only at lease renewals.
    /// </summary>
    public bool Suspect => _behindAt is not null || _repaired;

    /// <summary>
    /// Runs this feed's periodic grain calls unless the previous round still runs: a call stuck on a silo that just
    /// died must hold up neither this feed's next round for long nor any other feed's leases.
    /// </summary>
    public void Maintain(Func<Task> round)
    {
        if (_maintenance.IsCompleted)
        {
            _maintenance = round();
        }
    }

    /// <summary>Subscribes to the card stream once, before any subscriber asks the grain for its replay.</summary>
    public Task SubscribedAsync()
    {
        lock (_gate)
        {
            _subscription ??= stream.SubscribeAsync(this);
            return _subscription;
        }
    }

    public void Add(ILiveListener subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }
    }

    /// <summary>A subscriber was told the stream's position; live messages from there on are this feed's to hear.</summary>
    public void Started(LiveSubscription subscription)
    {
        _leased = true;
        lock (_gate)
        {
            if (_epoch.Length == 0)
            {
                _epoch = subscription.Epoch;
            }
        }

        AdvanceTo(subscription.LastSeq);
    }

    public void Remove(ILiveListener subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscriber))];
        }
    }

    public void Ack(string subscriptionId, long seq)
    {
        lock (_gate)
        {
            _unflushedAcks[subscriptionId] = Math.Max(seq, _unflushedAcks.GetValueOrDefault(subscriptionId));
        }
    }

    /// <summary>Forwards the acknowledgements gathered since the last flush in one grain call.</summary>
    public async Task FlushAcksAsync()
    {
        Dictionary<string, long> batch;
        lock (_gate)
        {
            if (_unflushedAcks.Count == 0)
            {
                return;
            }

            batch = new Dictionary<string, long>(_unflushedAcks);
            _unflushedAcks.Clear();
        }

        await Grain.AckAsync(batch);
    }

    /// <summary>Stops listening and gives up this gateway's lease, once its last local subscriber has left.</summary>
    public async Task CloseAsync(string gatewayId)
    {
        await FlushAcksAsync();
        if (_subscription is not null)
        {
            await (await _subscription).UnsubscribeAsync();
        }

        if (_leased)
        {
            await Grain.ReleaseLeaseAsync(gatewayId);
        }
    }

    /// <summary>
    /// Compares what this feed heard with where the stream stands. Behind twice in a row with nothing heard in between
    /// means the Orleans subscription went silent (after a silo crash a pulling agent can wait out its response
    /// timeout on a delivery that will never arrive): the missing messages are fetched from the grain's history and
    /// the stream is subscribed afresh. Until the stream is heard again the feed keeps filling itself this way on
    /// every tick. A stream that started over under a new epoch (a restore) cannot be continued; its viewers are
    /// asked to reconnect and resubscribe.
    /// </summary>
    public async Task ReconcileAsync(LiveStreamPosition position, TimeSpan callTimeout)
    {
        if (position.Epoch.Length > 0 && _epoch.Length > 0 && position.Epoch != _epoch)
        {
            LogStreamRestarted(logger, Key, _epoch, position.Epoch);
            lock (_gate)
            {
                _epoch = position.Epoch;
            }

            foreach (var subscriber in Volatile.Read(ref _subscribers).Where(s => s.Epoch != position.Epoch))
            {
                subscriber.Restart();
            }

            return;
        }

        var heard = Interlocked.Read(ref _lastSeq);
        if (position.LastSeq <= heard)
        {
            _behindAt = null;
            return;
        }

        if (!_repaired && _behindAt != heard)
        {
            _behindAt = heard;
            return;
        }

        if (!_repaired)
        {
            LogFeedRepaired(logger, Key, heard, position.LastSeq);
            _repaired = true;
            Resubscribe();
        }

        _behindAt = null;
        foreach (var message in await Grain.GetAfterAsync(heard).WaitAsync(callTimeout))
        {
            Deliver(message);
        }
    }

    /// <summary>A new subscription next to the silent one, which is dropped in the background: that call may hang too.</summary>
    private void Resubscribe()
    {
        Task<StreamSubscriptionHandle<LiveMessage>>? old;
        lock (_gate)
        {
            old = _subscription;
            _subscription = stream.SubscribeAsync(this);
        }

        if (old is not null)
        {
            _ = DropAsync(old);
        }
    }

    private async Task DropAsync(Task<StreamSubscriptionHandle<LiveMessage>> subscription)
    {
        try
        {
            await (await subscription).UnsubscribeAsync();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // A leftover subscription only repeats messages, which subscribers drop.
            LogStaleUnsubscribeFailed(logger, Key, ex);
        }
    }

    private void AdvanceTo(long seq)
    {
        var current = Interlocked.Read(ref _lastSeq);
        while (seq > current)
        {
            var seen = Interlocked.CompareExchange(ref _lastSeq, seq, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    public Task OnNextAsync(LiveMessage item, StreamSequenceToken? token = null)
    {
        if (item.Seq > Interlocked.Read(ref _lastSeq))
        {
            _repaired = false;
        }

        Deliver(item);
        return Task.CompletedTask;
    }

    private void Deliver(LiveMessage item)
    {
        AdvanceTo(item.Seq);
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length > 0)
        {
            var frames = new DataFrames(item);
            foreach (var subscriber in subscribers)
            {
                subscriber.OnLive(frames);
            }
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, Key, ex);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card stream {Key} went silent at seq {Heard} while the grain reached {LastSeq}; filled from its history and resubscribed")]
    private static partial void LogFeedRepaired(ILogger logger, string key, long heard, long lastSeq);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card stream {Key} started over (epoch {Old} became {New}); its viewers reconnect")]
    private static partial void LogStreamRestarted(ILogger logger, string key, string old, string @new);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Card stream {Key}: dropping the silent subscription failed")]
    private static partial void LogStaleUnsubscribeFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card stream {Key} reported an error")]
    private static partial void LogStreamError(ILogger logger, string key, Exception exception);
}
