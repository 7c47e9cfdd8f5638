namespace Cereon.Grains.Interfaces.Live;

/// <summary>The Orleans stream provider and namespace that carry live card messages from grains to gateways.</summary>
public static class LiveStreams
{
    public const string ProviderName = "cards-live";
    public const string Namespace = "live";

    /// <summary>
    /// The stream provider's queues, the same on silos (which poll them) and gateways (which map streams onto them).
    /// Orleans' default, kept after trying four: streams that share a queue share its pulling agent, which pauses a
    /// queue's reads while any of its streams is still registering, and with four a stream test failed to hear its
    /// message in 2 of 3 runs beside another test's streams (0 of 4 with eight). What four saved, polled every 5 ms
    /// (as many polls as eight every 10 ms), was 6 ms at p99 (BENCHMARKS.md, "Session 7: the stream transport").
    /// </summary>
    public const int QueueCount = 8;

    /// <summary>Grain storage the stream provider keeps its subscriptions in.</summary>
    public const string PubSubStorage = "PubSubStore";
}
