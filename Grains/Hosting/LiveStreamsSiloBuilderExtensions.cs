using Cereon.Grains.Interfaces.Live;
using Orleans.Configuration;

namespace Cereon.Grains.Hosting;

public static class LiveStreamsSiloBuilderExtensions
{
    /// <summary>
    /// How long the stream's queue cache keeps a message it has delivered. Orleans' defaults (kept at least 5 minutes,
    /// purged only once 30 minutes older than the newest) grow the cache by every message of the last half hour,
    /// some 3 MiB a minute under the soak's 1,000 viewers, and never give it back while live cards publish. Resume and
    /// snapshots come from the card grain's own history, and no subscription rewinds, so the cache only has to cover
    /// delivery to subscribers that are behind.
    /// </summary>
    public static readonly TimeSpan CacheAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How often each queue is polled. Every update waits for its queue's next poll, half this on average, which at
    /// Orleans' default of 100 ms would dominate update latency. Each poll of an idle queue allocates about 5 KB:
    /// eight queues every 10 ms cost an idle silo 4.2 MB/s of garbage, every 5 ms 6.3 MB/s and more CPU under load
    /// for 2.5 ms less at p99 across 1,000 sockets, so 10 ms stays (BENCHMARKS.md, "Session 7: the stream transport").
    /// </summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The Orleans stream provider live cards publish to. Messages are already numbered and retained by the card
    /// grain (which is what resume relies on), so the transport only has to be fast: in-memory queues polled every
    /// <see cref="PollPeriod"/>, and a queue cache that keeps messages for <see cref="CacheAge"/>. Needs grain storage
    /// named <see cref="LiveStreams.PubSubStorage"/> for subscriptions.
    /// </summary>
    public static ISiloBuilder AddCereonLiveStreams(this ISiloBuilder silo) =>
        silo.AddMemoryStreams(LiveStreams.ProviderName, streams =>
        {
            streams.ConfigurePartitioning(LiveStreams.QueueCount);
            streams.ConfigurePullingAgent(agent => agent.Configure(options => options.GetQueueMsgsTimerPeriod = PollPeriod));
            streams.ConfigureCacheEviction(eviction => eviction.Configure(options =>
            {
                options.DataMinTimeInCache = CacheAge;
                options.DataMaxAgeInCache = CacheAge;
                options.MetadataMinTimeInCache = CacheAge * 2;
            }));
        });
}
