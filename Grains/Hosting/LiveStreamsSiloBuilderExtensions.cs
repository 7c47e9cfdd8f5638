using Cereon.Grains.Interfaces.Live;

namespace Cereon.Grains.Hosting;

public static class LiveStreamsSiloBuilderExtensions
{
    /// <summary>
    /// The Orleans stream provider live cards publish to. Messages are already numbered and retained by the card
    /// grain (which is what resume relies on), so the transport only has to be fast: in-memory queues polled every
    /// 10 ms instead of the default 100 ms, which would dominate update latency. Needs grain storage named
    /// <see cref="LiveStreams.PubSubStorage"/> for subscriptions.
    /// </summary>
    public static ISiloBuilder AddCereonLiveStreams(this ISiloBuilder silo) =>
        silo.AddMemoryStreams(LiveStreams.ProviderName, streams => streams.ConfigurePullingAgent(agent =>
            agent.Configure(options => options.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10))));
}
