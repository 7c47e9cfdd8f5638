using System.Diagnostics.Metrics;
using Cereon.Grains.Telemetry;

namespace Cereon.Grains.Live;

/// <summary>
/// Live card streams' instruments on the <c>Cereon.Live</c> meter, named and tagged like <see cref="CardMetrics"/>:
/// <c>card</c> is the card's route, never its parameters or topic.
/// </summary>
internal static class LiveMetrics
{
    public const string MeterName = "Cereon.Live";
    private static readonly Meter Meter = new(MeterName);

    public static Counter<long> ProducersStarted { get; } =
        Meter.CreateCounter<long>("cereon.live.producers.started", "{producer}", "Live card producers started.");

    /// <summary>Producers running now on this silo: one per live card stream with viewers (or lingering).</summary>
    public static UpDownCounter<long> ProducersActive { get; } =
        Meter.CreateUpDownCounter<long>("cereon.live.producers.active", "{producer}", "Live card producers running.");

    /// <summary>Subscribes that asked to resume, tagged <c>recovered</c> true or false.</summary>
    public static Counter<long> Resumes { get; } =
        Meter.CreateCounter<long>("cereon.live.resumes", "{subscribe}", "Subscribes that asked to resume, by whether the gap was recovered.");

    public static void Resumed(string route, bool recovered) =>
        Resumes.Add(1, CardMetrics.Card(route), new KeyValuePair<string, object?>("recovered", recovered ? "true" : "false"));
}
