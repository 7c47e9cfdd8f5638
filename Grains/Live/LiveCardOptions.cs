namespace Cereon.Grains.Live;

/// <summary>Retention and lease settings of live card streams. Section <c>Cereon:Live</c>.</summary>
public sealed class LiveCardOptions
{
    public const string SectionName = "Cereon:Live";

    /// <summary>Most messages a stream retains for resume; default 1000.</summary>
    public int RetainCount { get; set; } = 1000;

    /// <summary>Oldest message a stream retains for resume; default 10 minutes.</summary>
    public TimeSpan RetainAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A gateway that has not renewed its lease for this long no longer counts as a viewer; default 15 s.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a producer keeps running after its last viewer left; default 5 s.</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most queued messages one store round trip takes (a group commit of concurrent publishes); default 500.</summary>
    public int MaxAppendBatch { get; set; } = 500;

    /// <summary>
    /// Most group commits of one stream on their way to the store at once; default 1. With 2, the next batch is sent
    /// while the one before it commits (it waits in PostgreSQL for that commit), which hides the grain's turnaround
    /// between commits but sends smaller batches; on a disk whose fsync takes longer than that turnaround it measured
    /// slower (BENCHMARKS.md, session 5).
    /// </summary>
    public int MaxAppendsInFlight { get; set; } = 1;

    /// <summary>
    /// Most producers one live card runs on this silo at once, one per stream (topic, parameters and, for cards that
    /// depend on the caller, caller); default 1000. A subscribe that would start one more gets a subscription error.
    /// </summary>
    public int MaxProducersPerCard { get; set; } = 1000;

    /// <summary>How often subscriptions' acknowledgements are written to grain storage; default 1 s.</summary>
    public TimeSpan StateFlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
