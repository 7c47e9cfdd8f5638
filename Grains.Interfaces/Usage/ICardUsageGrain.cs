namespace Cereon.Grains.Interfaces.Usage;

/// <summary>
/// What the cluster's cards cost and who watches them, for the gateway's status page: silos report their cache
/// counts, gateways their live viewers and response-cache hits, both every <see cref="CardUsageReporting.Interval"/>. There is one, keyed
/// <see cref="CardUsageReporting.Key"/>; it keeps only the latest report of each reporter, in memory.
/// </summary>
[Alias("cereon.card-usage")]
public interface ICardUsageGrain : IGrainWithStringKey
{
    /// <summary>Replaces what <paramref name="silo"/> reported before with its cache counts since it started.</summary>
    [Alias("report-cache")]
    Task ReportCacheAsync(string silo, IReadOnlyDictionary<string, CardCacheCounts> byRoute);

    /// <summary>
    /// Replaces what <paramref name="gateway"/> reported before with its current live subscriptions and the reads it
    /// answered from its response cache since it started (cache hits that never reached a silo).
    /// </summary>
    [Alias("report-gateway")]
    Task ReportGatewayAsync(string gateway, IReadOnlyDictionary<string, int> viewers, IReadOnlyDictionary<string, long> responseCacheHits);

    [Alias("get")]
    Task<ClusterCardUsage> GetAsync();
}
