using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Cereon.Gateway.Telemetry;

namespace Cereon.Gateway.Status;

/// <summary>
/// Reads this gateway answered from its response cache, per card: counted once for the metric and once here, so the
/// status page's cache hit rate counts them beside the silos' own hits. Per gateway instance so that gateways sharing
/// a process (tests) each report their own.
/// </summary>
internal sealed class ResponseCacheTally
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _byRoute = new(StringComparer.Ordinal);

    public void Hit(string route)
    {
        GatewayMetrics.ResponseCacheHits.Add(1, GatewayMetrics.Card(route));
        Interlocked.Increment(ref _byRoute.GetOrAdd(route, static _ => new StrongBox<long>()).Value);
    }

    /// <summary>Hits per card since this gateway started.</summary>
    public Dictionary<string, long> Snapshot() =>
        _byRoute.ToDictionary(pair => pair.Key, pair => Interlocked.Read(ref pair.Value.Value), StringComparer.Ordinal);
}
