using System.Collections.Concurrent;
using System.Net.WebSockets;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

/// <summary>
/// The gateway's live side: one <see cref="LiveFeed"/> per card stream with local viewers, the leases that keep
/// their producers running, batched acknowledgements, and every open socket so shutdown can close them with 1012.
/// </summary>
internal sealed partial class LiveHub(
    IClusterClient cluster,
    IOptions<LiveSocketOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<LiveHub> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LiveFeed> _feeds = [];
    private readonly ConcurrentDictionary<CardSocketSession, byte> _sessions = new();

    /// <summary>This gateway instance, as the grains' leases know it.</summary>
    public string GatewayId { get; } = $"{Environment.MachineName}/{Guid.NewGuid():N}";

    public int SessionCount => _sessions.Count;

    public void Track(CardSocketSession session) => _sessions.TryAdd(session, 0);

    public void Untrack(CardSocketSession session) => _sessions.TryRemove(session, out _);

    /// <summary>Whether this gateway has viewers of the stream <paramref name="key"/> already.</summary>
    public bool Serves(string key)
    {
        lock (_gate)
        {
            return _feeds.ContainsKey(key);
        }
    }

    /// <summary>Adds a subscriber to its stream's feed, subscribing this gateway to the stream first if needed.</summary>
    public async Task JoinAsync(string key, LiveSubscriber subscriber, string topic, string paramsJson, CardCaller caller)
    {
        LiveFeed feed;
        lock (_gate)
        {
            if (!_feeds.TryGetValue(key, out var existing))
            {
                var stream = cluster.GetStreamProvider(LiveStreams.ProviderName)
                    .GetStream<LiveMessage>(StreamId.Create(LiveStreams.Namespace, key));
                existing = new LiveFeed(key, subscriber.Grain, stream, new LiveLease(GatewayId, topic, paramsJson, caller), logger);
                _feeds[key] = existing;
            }

            feed = existing;
            feed.Add(subscriber);
            subscriber.Feed = feed;
        }

        await feed.SubscribedAsync();
    }

    public void Leave(LiveSubscriber subscriber)
    {
        subscriber.Stop();
        if (subscriber.Feed is not { } feed)
        {
            return;
        }

        lock (_gate)
        {
            feed.Remove(subscriber);
            if (!feed.IsEmpty || !_feeds.Remove(feed.Key))
            {
                return;
            }
        }

        _ = CloseFeedAsync(feed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var drain = lifetime.ApplicationStopping.Register(CloseAllSessions);
        var settings = options.Value;
        var lastRenewal = time.GetTimestamp();
        using var timer = new PeriodicTimer(settings.AckFlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var feeds = Snapshot();
                var renew = time.GetElapsedTime(lastRenewal) >= settings.LeaseRenewInterval;
                if (renew)
                {
                    lastRenewal = time.GetTimestamp();
                }

                foreach (var feed in feeds)
                {
                    feed.Maintain(() => MaintainAsync(feed, renew, settings.LeaseRenewInterval * 2));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogStopping(logger);
        }
    }

    private LiveFeed[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _feeds.Values];
        }
    }

    private async Task MaintainAsync(LiveFeed feed, bool renew, TimeSpan callTimeout)
    {
        try
        {
            await feed.FlushAcksAsync().WaitAsync(callTimeout);
            if ((renew || feed.Suspect) && feed.Leased)
            {
                await feed.ReconcileAsync(await feed.Grain.RenewLeaseAsync(feed.Lease).WaitAsync(callTimeout), callTimeout);
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The next tick tries again; a lease outlives several missed renewals.
            LogMaintenanceFailed(logger, feed.Key, ex);
        }
    }

    private async Task CloseFeedAsync(LiveFeed feed)
    {
        try
        {
            await feed.CloseAsync(GatewayId);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The lease expires on its own; the stream subscription is dropped when this client goes away.
            LogMaintenanceFailed(logger, feed.Key, ex);
        }
    }

    private void CloseAllSessions()
    {
        LogDraining(logger, _sessions.Count);
        foreach (var session in _sessions.Keys)
        {
            session.RequestClose(CloseCodes.ServiceRestart, "Gateway restarting; reconnect and resume");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closing {Count} WebSocket sessions with 1012 so clients reconnect elsewhere")]
    private static partial void LogDraining(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live feed {Key} maintenance failed; retrying")]
    private static partial void LogMaintenanceFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live hub stopping")]
    private static partial void LogStopping(ILogger logger);
}
