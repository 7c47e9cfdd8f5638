using System.Diagnostics.Metrics;

namespace Cereon.Grains.Live;

/// <summary>Counters of live card streams, on the <c>Cereon.Live</c> meter.</summary>
internal static class LiveMetrics
{
    public const string MeterName = "Cereon.Live";
    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> ProducersStarted { get; } = Meter.CreateCounter<long>("cereon_live_producers_started");

    /// <summary>Subscribes that asked to resume, tagged <c>recovered</c> true or false.</summary>
    public static Counter<long> Resumes { get; } = Meter.CreateCounter<long>("cereon_live_resumes");
}
