using Cereon.Grains.Interfaces.Live;
using Orleans.Streams;

namespace Cereon.Gateway.Live;

/// <summary>
/// This gateway's one subscription to one card stream, shared by all its local subscribers: each message arrives
/// once from the cluster and is framed once, then queued on every local socket.
/// </summary>
internal sealed partial class LiveFeed(string key, ILiveCardGrain grain, IAsyncStream<LiveMessage> stream, ILogger logger)
    : IAsyncObserver<LiveMessage>
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _unflushedAcks = [];
    private LiveSubscriber[] _subscribers = [];
    private Task<StreamSubscriptionHandle<LiveMessage>>? _subscription;

    public string Key { get; } = key;

    public ILiveCardGrain Grain { get; } = grain;

    public bool IsEmpty => Volatile.Read(ref _subscribers).Length == 0;

    /// <summary>Subscribes to the card stream once, before any subscriber asks the grain for its replay.</summary>
    public Task SubscribedAsync()
    {
        lock (_gate)
        {
            _subscription ??= stream.SubscribeAsync(this);
            return _subscription;
        }
    }

    public void Add(LiveSubscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }
    }

    public void Remove(LiveSubscriber subscriber)
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

        await Grain.ReleaseLeaseAsync(gatewayId);
    }

    public Task OnNextAsync(LiveMessage item, StreamSequenceToken? token = null)
    {
        var subscribers = Volatile.Read(ref _subscribers);
        if (subscribers.Length > 0)
        {
            var prefix = SocketFrames.DataPrefix(item);
            foreach (var subscriber in subscribers)
            {
                subscriber.OnLive(item, prefix);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        LogStreamError(logger, Key, ex);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card stream {Key} reported an error")]
    private static partial void LogStreamError(ILogger logger, string key, Exception exception);
}
