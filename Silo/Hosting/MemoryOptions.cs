namespace Cereon.Silo.Hosting;

/// <summary>
/// The parts of a silo's memory budget that Orleans itself keeps: its grain directory cache and activation shedding
/// under memory pressure; and when the silo gives back the memory of activations Orleans collected. Section
/// <c>Cereon:Memory</c>. Card results and activations are bounded by <c>Cereon:Cache</c>.
/// </summary>
public sealed class MemoryOptions
{
    public const string SectionName = "Cereon:Memory";

    /// <summary>
    /// Most grain locations the silo caches; default 10,000, about 3 MB. Orleans' LRU cache cycles its queues only when
    /// it is over capacity, so the entries of grains the churn made stay reachable after they are removed, some 330
    /// bytes each, up to this many (Orleans' own default, 1,000,000, is some 300 MB). A location not cached costs one
    /// directory lookup.
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 10_000;

    /// <summary>Whether Orleans deactivates the oldest activations when memory runs short; default true.</summary>
    public bool ShedActivationsOnPressure { get; set; } = true;

    /// <summary>
    /// Memory use, in percent of what the process may use (the container limit or <c>DOTNET_GCHeapHardLimit</c>,
    /// else 90 % of the machine), above which activations are shed; default 80.
    /// </summary>
    public double ShedAbovePercent { get; set; } = 80;

    /// <summary>Memory use, in percent as above, that shedding brings the process back to; default 70.</summary>
    public double ShedTargetPercent { get; set; } = 70;

    /// <summary>
    /// How many activations must have been collected, net, since the most the silo held after its last reclaim, before
    /// it runs one compacting collection that returns their memory; default 500, 0 turns it off. It runs once the
    /// count has stopped falling, checked every 30 s. Under steady churn the count stays near its peak, so it does not
    /// run there.
    /// </summary>
    public int ReclaimAfterActivationsGone { get; set; } = 500;

    /// <summary>
    /// Least time between two such collections, so that they cannot become a storm; default 5 minutes, at least 1.
    /// Each pauses the silo for the length of a full compacting collection.
    /// </summary>
    public TimeSpan ReclaimMinInterval { get; set; } = TimeSpan.FromMinutes(5);
}
