using System.Collections.Concurrent;
using Cereon.Grains.Interfaces.Usage;
using Cereon.Grains.Telemetry;

namespace Cereon.Grains.Usage;

/// <summary>
/// This silo's cache hits and misses per card, counted once for the metrics and once here for the status page's
/// cluster-wide hit rate. Per silo rather than static so that silos sharing a process each report their own.
/// </summary>
internal sealed class CardCacheTally
{
    private readonly ConcurrentDictionary<string, Counts> _byRoute = new(StringComparer.Ordinal);
    private long _changes;

    public long Changes => Interlocked.Read(ref _changes);

    public void Hit(string route)
    {
        CardMetrics.CacheHits.Add(1, CardMetrics.Card(route));
        Interlocked.Increment(ref CountsOf(route).Hits);
        Interlocked.Increment(ref _changes);
    }

    public void Miss(string route)
    {
        CardMetrics.CacheMisses.Add(1, CardMetrics.Card(route));
        Interlocked.Increment(ref CountsOf(route).Misses);
        Interlocked.Increment(ref _changes);
    }

    public Dictionary<string, CardCacheCounts> Snapshot() =>
        _byRoute.ToDictionary(
            pair => pair.Key,
            pair => new CardCacheCounts(Interlocked.Read(ref pair.Value.Hits), Interlocked.Read(ref pair.Value.Misses)),
            StringComparer.Ordinal);

    private Counts CountsOf(string route) => _byRoute.GetOrAdd(route, static _ => new Counts());

    private sealed class Counts
    {
        public long Hits;
        public long Misses;
    }
}
