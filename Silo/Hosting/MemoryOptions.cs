namespace Cereon.Silo.Hosting;

/// <summary>
/// The parts of a silo's memory budget that Orleans itself keeps: its grain directory cache and activation shedding
/// under memory pressure. Section <c>Cereon:Memory</c>. Card results and activations are bounded by <c>Cereon:Cache</c>.
/// </summary>
public sealed class MemoryOptions
{
    public const string SectionName = "Cereon:Memory";

    /// <summary>
    /// Most grain locations the silo caches; default 100,000 (Orleans' own default is 1,000,000, some 300 MB
    /// once parameter churn has filled it with grains that no longer exist).
    /// </summary>
    public int DirectoryCacheSize { get; set; } = 100_000;

    /// <summary>Whether Orleans deactivates the oldest activations when memory runs short; default true.</summary>
    public bool ShedActivationsOnPressure { get; set; } = true;

    /// <summary>
    /// Memory use, in percent of what the process may use (the container limit or <c>DOTNET_GCHeapHardLimit</c>,
    /// else 90 % of the machine), above which activations are shed; default 80.
    /// </summary>
    public double ShedAbovePercent { get; set; } = 80;

    /// <summary>Memory use, in percent as above, that shedding brings the process back to; default 70.</summary>
    public double ShedTargetPercent { get; set; } = 70;
}
