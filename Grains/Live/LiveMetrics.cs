using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
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

    // Per card route, over every silo of this process (one, outside tests). Routes come only from card registries.
    private static readonly ConcurrentDictionary<string, StrongBox<long>> Producers = new(StringComparer.Ordinal);

    public static Counter<long> ProducersStarted { get; } =
        Meter.CreateCounter<long>("cereon.live.producers.started", "{producer}", "Live card producers started.");

    /// <summary>
    /// Producers per live card on this silo: one per stream with viewers (or lingering after its last), including a
    /// producer restarting after a failure. Every live card has a series from the start, zero until used.
    /// </summary>
    public static ObservableUpDownCounter<long> ProducersActive { get; } = Meter.CreateObservableUpDownCounter(
        "cereon.live.producers.active",
        () => Producers.Select(p => new Measurement<long>(Volatile.Read(ref p.Value.Value), CardMetrics.Card(p.Key))),
        "{producer}",
        "Live card producers running, per card.");

    /// <summary>Subscribes that asked to resume, tagged <c>recovered</c> true or false.</summary>
    public static Counter<long> Resumes { get; } =
        Meter.CreateCounter<long>("cereon.live.resumes", "{subscribe}", "Subscribes that asked to resume, by whether the gap was recovered.");

    /// <summary>
    /// Messages each group commit stored, tagged <c>card</c>: how well concurrent publishes share a round trip (1
    /// throughout means every publish paid its own).
    /// </summary>
    public static Histogram<int> AppendBatch { get; } = Meter.CreateHistogram(
        "cereon.live.append.batch", "{message}", "Messages stored together in one group commit of a live card stream.",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] });

    /// <summary>Time each group commit took to store, tagged <c>card</c>; failed stores included.</summary>
    public static Histogram<double> AppendDuration { get; } = Meter.CreateHistogram(
        "cereon.live.append.duration", "s", "Time one group commit of a live card stream took to store.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    public static void Resumed(string route, bool recovered) =>
        Resumes.Add(1, CardMetrics.Card(route), new KeyValuePair<string, object?>("recovered", recovered ? "true" : "false"));

    /// <summary>Gives each live card route its producer series.</summary>
    public static void DeclareCards(IEnumerable<string> routes)
    {
        foreach (var route in routes)
        {
            Producers.TryAdd(route, new StrongBox<long>());
        }
    }

    public static void ProducerSlots(string route, int change) =>
        Interlocked.Add(ref Producers.GetOrAdd(route, static _ => new StrongBox<long>()).Value, change);
}
