using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Cereon.Grains.Telemetry;

/// <summary>
/// Card grains' instruments on the <c>Cereon.Cards</c> meter and their spans on the <c>Cereon.Cards</c> activity
/// source. Every instrument is tagged <c>card</c> with the card's route, never its parameters, so a series exists
/// per card the catalog lists and no more.
/// </summary>
internal static class CardMetrics
{
    public const string Name = "Cereon.Cards";
    public const string CardTag = "card";
    private static readonly Meter Meter = new(Name);

    public static ActivitySource Source { get; } = new(Name);

    public static Counter<long> CacheHits { get; } =
        Meter.CreateCounter<long>("cereon.card.cache.hits", "{request}", "Requests answered from a card grain's cache.");

    public static Counter<long> CacheMisses { get; } =
        Meter.CreateCounter<long>("cereon.card.cache.misses", "{request}", "Requests that ran the handler or joined a run in flight.");

    /// <summary>Cached results let go, tagged <c>reason</c>: expired, replaced or deactivated.</summary>
    public static Counter<long> CacheEvictions { get; } =
        Meter.CreateCounter<long>("cereon.card.cache.evictions", "{result}", "Cached results let go.");

    /// <summary>Handler runs, tagged <c>outcome</c>: ok, failed, timeout or invalid_record.</summary>
    public static Histogram<double> HandlerDuration { get; } = Meter.CreateHistogram(
        "cereon.card.handler.duration", "s", "Time a card's handler took, failed runs included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

    /// <summary>Handler runs that produced no result, tagged <c>reason</c>: failed, timeout or invalid_record.</summary>
    public static Counter<long> HandlerFailures { get; } =
        Meter.CreateCounter<long>("cereon.card.handler.failures", "{run}", "Handler runs that produced no result.");

    public static KeyValuePair<string, object?> Card(string route) => new(CardTag, route);
}
