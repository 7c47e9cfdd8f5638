using Cereon.Grains.Interfaces.Usage;

namespace Cereon.Grains.Usage;

/// <summary>
/// Sums the latest report of every silo and gateway. Nothing is stored: after a move or a restart the next round
/// of reports (every <see cref="CardUsageReporting.Interval"/>) rebuilds it, since each report is whole.
/// </summary>
internal sealed class CardUsageGrain(TimeProvider time) : Grain, ICardUsageGrain
{
    private static readonly TimeSpan ForgetAfter = CardUsageReporting.Interval * 3;
    private readonly Dictionary<string, Report<IReadOnlyDictionary<string, CardCacheCounts>>> _silos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Report<GatewayCounts>> _gateways = new(StringComparer.Ordinal);

    public Task ReportCacheAsync(string silo, IReadOnlyDictionary<string, CardCacheCounts> byRoute)
    {
        _silos[silo] = new Report<IReadOnlyDictionary<string, CardCacheCounts>>(time.GetUtcNow(), byRoute);
        return Task.CompletedTask;
    }

    public Task ReportGatewayAsync(string gateway, IReadOnlyDictionary<string, int> viewers, IReadOnlyDictionary<string, long> responseCacheHits)
    {
        _gateways[gateway] = new Report<GatewayCounts>(time.GetUtcNow(), new GatewayCounts(viewers, responseCacheHits));
        return Task.CompletedTask;
    }

    public Task<ClusterCardUsage> GetAsync()
    {
        Forget(_silos);
        Forget(_gateways);
        var cards = new Dictionary<string, CardUsage>(StringComparer.Ordinal);
        foreach (var (route, counts) in _silos.Values.SelectMany(report => report.Counts))
        {
            var usage = cards.GetValueOrDefault(route) ?? new CardUsage(route, 0, 0, 0);
            cards[route] = usage with { CacheHits = usage.CacheHits + counts.Hits, CacheMisses = usage.CacheMisses + counts.Misses };
        }

        foreach (var (route, viewers) in _gateways.Values.SelectMany(report => report.Counts.Viewers))
        {
            var usage = cards.GetValueOrDefault(route) ?? new CardUsage(route, 0, 0, 0);
            cards[route] = usage with { Viewers = usage.Viewers + viewers };
        }

        foreach (var (route, hits) in _gateways.Values.SelectMany(report => report.Counts.ResponseCacheHits))
        {
            var usage = cards.GetValueOrDefault(route) ?? new CardUsage(route, 0, 0, 0);
            cards[route] = usage with { CacheHits = usage.CacheHits + hits };
        }

        return Task.FromResult(new ClusterCardUsage([.. cards.Values.OrderBy(c => c.Route, StringComparer.Ordinal)], _silos.Count, _gateways.Count));
    }

    private void Forget<T>(Dictionary<string, Report<T>> reports)
    {
        var now = time.GetUtcNow();
        foreach (var silent in reports.Where(r => now - r.Value.At > ForgetAfter).Select(r => r.Key).ToList())
        {
            reports.Remove(silent);
        }
    }

    private sealed record Report<T>(DateTimeOffset At, T Counts);

    private sealed record GatewayCounts(IReadOnlyDictionary<string, int> Viewers, IReadOnlyDictionary<string, long> ResponseCacheHits);
}
